// Sending SMS is pluggable: the outbox (app.outbox) is the record of every message, and a sender
// is what hands one to the outside world. The default sends nothing over the network and reports
// the message as sent, so a hall without an SMS contract still has every message in its outbox
// (and staff can read them out or print them). A gateway plugs in by implementing `send`.

export interface OutboundSms {
  /** app.outbox.id of the message. */
  readonly outboxId: string;
  readonly phone: string;
  readonly body: string;
  readonly template: string;
  readonly caseNo: string | null;
}

export type SendResult =
  | { readonly status: 'sent'; readonly providerRef?: string }
  | { readonly status: 'failed'; readonly error: string };

export interface MessageSender {
  /** Shown in logs and the outbox (provider_ref prefix). */
  readonly name: string;
  /**
   * Deliver one SMS. Return `failed` for a refusal the gateway gave (a bad number): it is recorded
   * and not retried. Throw for a fault worth retrying (gateway down): the job fails and retries.
   */
  send(message: OutboundSms): Promise<SendResult>;
}

/** The default: no network; the outbox row is the delivery. */
export function outboxSender(): MessageSender {
  return {
    name: 'outbox',
    send: async (message) => ({ status: 'sent', providerRef: `outbox:${message.outboxId}` }),
  };
}
