// Package sanitize holds the one HTML policy that every body in bipkiosk
// passes through: article bodies, section bodies, previous versions in the
// change register, the usage instructions and the accessibility statement.
//
// Bodies come from a publisher's CMS or a folder of Markdown and are never
// trusted: the source reader sanitises them when it builds a bundle, and the
// bundle reader sanitises them again when it opens one, so a hostile or
// hand-made bundle cannot smuggle script into the reader.
//
// It may import only the standard library, github.com/microcosm-cc/bluemonday
// and golang.org/x/net/html.
package sanitize
