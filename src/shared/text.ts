// Text rules shared by the contract's schemas and by the exports: what may be in a name, a label,
// an id or a token, and which characters change how text is read or shown.

/** Bidi embeddings, overrides and isolates: they make text show as something it is not. */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/u;
