// Package i18n holds the catalogues of every user-interface string in Polish
// (the default), English and Ukrainian, with plural forms and the date and size
// formats of each language.
//
// Bulletin content is never translated: it stays as published, in Polish. Only
// the application's own words live here.
//
// It may import the standard library and golang.org/x/text.
package i18n
