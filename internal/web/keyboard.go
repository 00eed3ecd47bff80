package web

import (
	"strings"

	"bipkiosk/internal/i18n"
)

// The on-screen keyboard's layouts are data here, rendered by the server into
// every kiosk page, rather than built by the script: each key is then a real
// button in the HTML with its name translated in the same place as the rest
// of the page, a test can check every key of every language without a
// browser, and keyboard.js only wires behaviour. The cost is about 6 KB of
// markup per kiosk page; pages outside a kiosk carry none of it.

// KeyKind says what a key of the on-screen keyboard does.
type KeyKind string

// The kinds of keys.
const (
	KeyChar      KeyKind = "char"      // types its character
	KeyShift     KeyKind = "shift"     // the next letter in capitals
	KeySpace     KeyKind = "space"     // types a space
	KeyBackspace KeyKind = "backspace" // deletes the character before the caret, or the selection
	KeyClear     KeyKind = "clear"     // empties the field
	KeySwitch    KeyKind = "switch"    // shows another layout
	KeySubmit    KeyKind = "submit"    // submits the search
)

// Keyboard is the kiosk's on-screen keyboard for the search box.
type Keyboard struct {
	Label   string      // the panel's accessible name
	Layouts []KeyLayout // the first is shown when the keyboard opens
}

// KeyLayout is one set of keys: Latin letters with the Polish ones, or
// Ukrainian Cyrillic.
type KeyLayout struct {
	ID   string  // "pl" or "uk": the target of the switch keys
	Rows [][]Key // top to bottom
}

// Key is one button of the keyboard.
type Key struct {
	Kind   KeyKind
	Char   string // KeyChar: the character typed, and its name
	Upper  string // KeyChar: the character typed with Shift
	Lang   string // KeyChar: lang attribute when the letter is not in the page's language
	Name   string // other keys: the translated name, shown and announced
	Symbol string // other keys: a glyph shown before the name, hidden from screen readers
	Target string // KeySwitch: the ID of the layout it shows
}

// Button is the type attribute of the key's <button>: only Szukaj submits.
func (k Key) Button() string {
	if k.Kind == KeySubmit {
		return "submit"
	}
	return "button"
}

// The letters of each layout, one string a row; digits first. The Latin rows
// are QWERTY, as on Polish keyboards, with the nine Polish letters as a row
// of their own so nobody needs a long press or AltGr. The Cyrillic rows are
// the Ukrainian ЙЦУКЕН layout; ґ and the apostrophe, which sit on keys of
// their own there, close the last row.
var (
	latinRows     = []string{"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm-", "ąćęłńóśźż"}
	ukrainianRows = []string{"1234567890", "йцукенгшщзхї", "фівапролджє", "ґячсмитьбю'"}
)

// keyboards holds the keyboard of each UI language, built once: the
// catalogues are complete when this package initialises.
var keyboards = func() map[i18n.Lang]*Keyboard {
	m := map[i18n.Lang]*Keyboard{}
	for _, l := range i18n.Langs {
		m[l] = newKeyboard(i18n.New(l))
	}
	return m
}()

// Keyboard is the on-screen keyboard for the search box: in a kiosk only,
// where visitors may have no keyboard; nil elsewhere.
func (l *Layout) Keyboard() *Keyboard {
	if !l.frame.kiosk {
		return nil
	}
	return keyboards[l.tr.Lang()]
}

// newKeyboard builds the keyboard for tr's language. A Ukrainian interface
// opens on the Cyrillic layout with a key to the Latin one and back; Polish
// and English open on the Latin layout alone.
func newKeyboard(tr i18n.Translator) *Keyboard {
	kb := &Keyboard{Label: tr.T("osk.label")}
	latin := KeyLayout{ID: "pl", Rows: letterRows(tr, latinRows, "pl")}
	if tr.Lang() != i18n.Ukrainian {
		latin.Rows = append(latin.Rows, bottomRow(tr, nil))
		kb.Layouts = []KeyLayout{latin}
		return kb
	}
	ukr := KeyLayout{ID: "uk", Rows: letterRows(tr, ukrainianRows, "uk")}
	ukr.Rows = append(ukr.Rows, bottomRow(tr, &Key{Kind: KeySwitch, Name: tr.T("osk.toLatin"), Symbol: "ABC", Target: latin.ID}))
	latin.Rows = append(latin.Rows, bottomRow(tr, &Key{Kind: KeySwitch, Name: tr.T("osk.toUkrainian"), Symbol: "АБВ", Target: ukr.ID}))
	kb.Layouts = []KeyLayout{ukr, latin}
	return kb
}

// letterRows turns rows of characters into keys, adding Backspace after the
// digits and Shift before the last row of letters that has room for it (the
// row of Polish letters gets none: they sit under the Latin ones).
func letterRows(tr i18n.Translator, rows []string, lang string) [][]Key {
	if tr.Lang() == i18n.Lang(lang) {
		lang = "" // the page's own language
	}
	out := make([][]Key, len(rows))
	for i, row := range rows {
		for _, r := range row {
			c := string(r)
			k := Key{Kind: KeyChar, Char: c, Upper: strings.ToUpper(c)}
			if k.Upper != c { // a letter: digits and marks are read the same in every language
				k.Lang = lang
			}
			out[i] = append(out[i], k)
		}
	}
	out[0] = append(out[0], Key{Kind: KeyBackspace, Name: tr.T("osk.backspace"), Symbol: "←"})
	shiftRow := 3 // zxcvbnm- and ґячсмитьбю'
	out[shiftRow] = append([]Key{{Kind: KeyShift, Name: tr.T("osk.shift"), Symbol: "⇧"}}, out[shiftRow]...)
	return out
}

// bottomRow is the layout switch (if any), Clear, Space and Szukaj.
func bottomRow(tr i18n.Translator, sw *Key) []Key {
	var row []Key
	if sw != nil {
		row = append(row, *sw)
	}
	return append(row,
		Key{Kind: KeyClear, Name: tr.T("osk.clear")},
		Key{Kind: KeySpace, Name: tr.T("osk.space")},
		Key{Kind: KeySubmit, Name: tr.T("search.button")},
	)
}
