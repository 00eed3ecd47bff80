// Package sanitize holds the one HTML policy that every body in bipkiosk
// passes through: article bodies, section bodies, previous versions in the
// change register, the usage instructions and the accessibility statement.
//
// Bodies come from a publisher's CMS or a folder of Markdown and are never
// trusted: the source reader sanitises them when it builds a bundle, and the
// bundle reader sanitises them again when it opens one, so a hostile or
// hand-made bundle cannot smuggle script into the reader.
//
// A body is parsed as a browser parses it before the policy and again after
// it, so the policy always sees well-formed markup (a stray end tag once made
// it drop the rest of an article) and the stored result is the tree a
// browser builds. HTMLChecked also says how much readable text was removed,
// so that bundle build can warn of it.
//
// It may import only the standard library, github.com/microcosm-cc/bluemonday
// and golang.org/x/net/html.
package sanitize
