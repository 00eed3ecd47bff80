// Package speech turns the text of a page into spoken audio, offline: it
// splits text into sentences (with their offsets, so a reader can highlight
// the one being spoken), normalises each sentence for the ear (Polish BIP
// abbreviations, dates, money, numbers, phone numbers, Roman numerals in
// session names, addresses; Ukrainian and English dates and numbers), and
// synthesises it through an Engine into WAV audio, cached per generation.
//
// The baseline Engine is espeak-ng, run as a separate program (it is GPL-3 and
// is never linked) through a small bounded pool with a queue bound, a
// per-request timeout and the process killed with the request's context.
// Where espeak-ng is missing the engine reports ErrNoEngine and a reader
// stays silent but working. Another engine (a neural voice pack) implements
// Engine and plugs into Service without touching the callers.
//
// It may import the standard library only. It knows nothing of HTTP, the
// store or the content model: the caller passes plain text, a language code
// and the store's generation.
package speech
