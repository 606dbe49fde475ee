// Spoken calls. Browsers refuse to play sound before the person has clicked on the page, so the
// board speaks only after its "开启语音播报" button was pressed. Every spoken word goes through
// speak(), the one place that touches the Web Speech API.

export function speechAvailable(): boolean {
  return typeof window !== 'undefined' && 'speechSynthesis' in window && typeof SpeechSynthesisUtterance !== 'undefined';
}

/** Reads `text` aloud in Simplified Chinese after whatever is being read now. */
export function speak(text: string): void {
  if (!speechAvailable()) return;
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = 'zh-CN';
  utterance.rate = 0.9;
  window.speechSynthesis.speak(utterance);
}
