package main

import (
	"fmt"
	"sort"
	"strings"

	"bipkiosk/app"
)

// bashCompletion renders a completion function for bash: commands, bundle
// verbs, each command's flags, and file names elsewhere.
func bashCompletion(ref []app.CommandHelp) string {
	var top, verbs []string
	seenTop := map[string]bool{}
	for _, c := range ref {
		first, verb, isSub := strings.Cut(c.Name, " ")
		if isSub {
			verbs = append(verbs, verb)
		}
		if !seenTop[first] {
			seenTop[first] = true
			top = append(top, first)
		}
	}
	top = append(top, "help")
	sort.Strings(top)
	var b strings.Builder
	b.WriteString("# bash completion for bipkiosk, generated from its own help (build/man)\n")
	b.WriteString("_bipkiosk() {\n")
	b.WriteString("\tlocal cur=${COMP_WORDS[COMP_CWORD]} cmd=${COMP_WORDS[1]:-} opts=\"\"\n")
	fmt.Fprintf(&b, "\tif ((COMP_CWORD == 1)); then\n\t\tCOMPREPLY=($(compgen -W %q -- \"$cur\"))\n\t\treturn\n\tfi\n",
		strings.Join(top, " ")+" --help --version")
	fmt.Fprintf(&b, "\tif [[ $cmd == bundle ]]; then\n\t\tif ((COMP_CWORD == 2)); then\n\t\t\tCOMPREPLY=($(compgen -W %q -- \"$cur\"))\n\t\t\treturn\n\t\tfi\n\t\tcmd=\"bundle ${COMP_WORDS[2]}\"\n\tfi\n",
		strings.Join(verbs, " "))
	b.WriteString("\tcase $cmd in\n")
	for _, c := range ref {
		var flags []string
		for _, f := range c.Flags {
			flags = append(flags, "--"+f.Name)
		}
		flags = append(flags, "--help")
		fmt.Fprintf(&b, "\t%q) opts=%q ;;\n", c.Name, strings.Join(flags, " "))
	}
	b.WriteString("\tesac\n")
	b.WriteString("\tif [[ $cur == -* ]]; then\n\t\tCOMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n\telse\n\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n\tfi\n")
	b.WriteString("}\ncomplete -o filenames -F _bipkiosk bipkiosk\n")
	return b.String()
}
