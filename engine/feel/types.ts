// The JSON shapes FEEL evaluation hands back to the engine.

export type FeelValue = null | boolean | number | string | FeelValue[] | { [key: string]: FeelValue };

export type FeelResult = { readonly ok: true; readonly value: FeelValue } | { readonly ok: false; readonly message: string };
