// Package readaloud marks the sentences of a rendered page for the
// read-aloud player: inside every element the templates mark with a
// data-speak attribute it wraps each sentence's text in <span
// data-sentence="ID">, and it returns the sentences in order, so the audio
// of sentence ID is made from exactly the text the page shows and the player
// highlights a sentence by a class on its spans.
//
// A page has one or more lists of sentences: the value of data-speak names
// the list ("" is the page's text; "m" the metryczka, read on request), and
// the ID of a sentence is the list's name and its index ("3", "m0").
//
// It may import the standard library, internal/speech (the sentence
// splitter) and golang.org/x/net/html (the tokenizer).
package readaloud
