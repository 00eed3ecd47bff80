package main

import (
	"fmt"
	"strings"

	"bipkiosk/app"
)

// manPage renders the reference as a section 1 manual page.
func manPage(ref []app.CommandHelp, version, date string) string {
	var b strings.Builder
	fmt.Fprintf(&b, ".TH BIPKIOSK 1 %q %q \"User Commands\"\n", date, "bipkiosk "+version)
	b.WriteString(".SH NAME\nbipkiosk \\- read a Biuletyn Informacji Publicznej offline\n")
	b.WriteString(".SH SYNOPSIS\n.B bipkiosk\n[\\fICOMMAND\\fR] [\\fIFLAGS\\fR] [\\fIARGUMENTS\\fR]\n.br\n.B bipkiosk \\-\\-version\n")
	b.WriteString(".SH DESCRIPTION\n" + roffText(description) + "\n")
	b.WriteString(".SH COMMANDS\n")
	for _, c := range ref {
		fmt.Fprintf(&b, ".SS %s\n", roffQuoted("bipkiosk "+c.Synopsis))
		b.WriteString(roffText(upperFirst(c.Summary)+".") + "\n")
		for _, f := range c.Flags {
			b.WriteString(".TP\n" + flagTerm(f) + "\n")
			text := f.Usage
			if f.Default != "" {
				text += " (default: " + f.Default + ")"
			}
			b.WriteString(roffText(text) + "\n")
		}
	}
	b.WriteString(".SH ENVIRONMENT\n")
	for _, v := range environment {
		fmt.Fprintf(&b, ".TP\n.B %s\n%s\n", v[0], roffText(v[1]))
	}
	b.WriteString(".SH FILES\n")
	for _, v := range files {
		fmt.Fprintf(&b, ".TP\n.I %s\n%s\n", v[0], roffText(v[1]))
	}
	b.WriteString(".SH \"EXIT STATUS\"\n0 on success, 1 when the command failed (the reason is printed), 2 for a mistake in the command line.\n")
	b.WriteString(".SH \"SEE ALSO\"\nThe documentation in /usr/share/doc/bipkiosk/ and the project's docs/ folder.\n")
	return b.String()
}

const description = `bipkiosk reads a Polish public body's Biuletyn Informacji Publicznej (BIP) offline, from a signed bundle installed in an embedded store: in a desktop window, as a kiosk, or over HTTP for browsers. Without a command it opens the reader in a window. A new installation shows the embedded default bulletin until a publisher's bundle is trusted and imported. Every command takes --data DIR and --help.`

// environment lists the variables the program reads.
var environment = [][2]string{
	{"BIPKIOSK_DATA", "The data directory, when --data is not given; else the user data directory (~/.local/share/bipkiosk)."},
	{"BIPKIOSK_LOG", "The log's format and level, e.g. json,debug."},
	{"BIPKIOSK_OPERATOR_PIN", "The PIN of a kiosk's operator screen."},
}

// files lists the paths the program and its package use.
var files = [][2]string{
	{"~/.local/share/bipkiosk/", "The default data directory: the store, trusted keys and downloads."},
	{"/var/lib/bipkiosk/", "The data directory of the bipkiosk-serve service."},
}

// flagTerm is a flag's heading line: bold name, italic argument.
func flagTerm(f app.FlagHelp) string {
	term := "\\fB\\-\\-" + roffEscape(f.Name) + "\\fR"
	if f.Arg != "" {
		term += " \\fI" + roffEscape(f.Arg) + "\\fR"
	}
	return term
}

// roffText escapes running text: a line may not start with a control
// character, and dashes of options must stay dashes.
func roffText(s string) string {
	s = roffEscape(s)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = "\\&" + s
	}
	return s
}

// roffEscape escapes backslashes and option dashes, and writes every
// character beyond ASCII as a groff Unicode escape (\[u2013]): troff reads
// its input as Latin-1 and warns on UTF-8 ("2–3 pages", a Polish name).
func roffEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\e`)
		case r == '-':
			b.WriteString(`\-`)
		case r > 0x7e:
			fmt.Fprintf(&b, `\[u%04X]`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func roffQuoted(s string) string {
	return `"` + strings.ReplaceAll(roffEscape(s), `"`, `\(dq`) + `"`
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
