package reliability

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// attack is one thing a red team did to the reader, what it does now, and
// the test that failed before the fix and guards it since.
type attack struct {
	Attack, Result string
	Test           string // "dir TestName", dir relative to the repository root
}

// redTeam is the red-team table of docs/reliability.md. Each row names a
// test that exists (TestRedTeamTestsExist), so the table cannot point at
// nothing.
var redTeam = []attack{
	{"`q` of 870 KB with 80 000 distinct words on `/szukaj` and `/api/search` (was 20 s of CPU each, going on after the client left)",
		"the query is cut to 512 bytes and 32 words with a work budget; the page says it was cut; the search stops when the request ends", "internal/search TestHugeQueryCostsAFewWords"},
	{"the same, with the client gone", "the search returns `context.Canceled` and nothing is written or logged", "internal/web TestSearchStopsWithRequest"},
	{"a 1 MB one-word `q`, echoed into ~14 links (14.7 MB answer)", "every answer under 200 KB (9–16 KB)", "internal/web TestSearchHugeQuery"},
	{"a megabyte of address or query on any other page (written back into every settings link: 11.5 MB pages)",
		"a page writes back at most 2 KiB of its address and the query as search runs it", "internal/web TestHugeRequestsGiveSmallPages"},
	{"`strona=922337203685477590` (panicked inside search)", "400 with a reason beyond 10 000 results; any offset and limit are safe in search", "internal/web TestSearchPageNumber"},
	{"a word repeated 256 and 257 times in `q` (one-byte counter wrapped: scores 0, duplicate hits)", "same results as the word once, no zero scores, no duplicates", "internal/search TestRepeatedWord"},
	{"a panic in any handler (the desktop window would have died)", "recovered for both shells, logged once with its stack, a plain 500 page", "internal/web TestPanicRecovered"},
	{"an ETag taken from one page sent for another with the same cookie (answered 304)", "the ETag names the resource too", "internal/web TestETagPerURL"},
	{"an update `.zip` with no Content-Length and an endless body (written at 100 MB/s up to 8 GiB)", "the download leaves 128 MiB free and stops with a disk-full error; the partial file is removed", "internal/update TestDiskGuard"},
	{"an update sent with `Content-Encoding: gzip` (4 MB on the wire, 4 GiB on disk)", "identity is asked for; any other coding is refused and the file removed", "internal/update TestContentEncodingRefused"},
	{"an update server dripping 1 byte a second", "an overall deadline from the size (2 min + 32 KiB/s, at most 6 h) ends it", "internal/update TestDeadline"},
	{"a cut download the next import cannot resume (no validator)", "nothing is left in the downloads folder", "internal/update TestCutWithoutValidatorRemoved"},
	{"a stray `</iframe>` or `</noscript>` before `<svg>`, `<button>` or `<template>` (the rest of the article vanished)", "bodies are parsed as a browser does before the sanitiser: the article stays whole", "internal/sanitize TestHTML"},
	{"text the sanitiser must remove (an unclosed `<template>`)", "`bundle build` warns with the file and line and a quote of what was removed", "internal/source TestReadWarnsOfRemovedText"},
	{"300 print pages requested by another host (evicted the visitor's one-time code)", "codes are bound to their terminal and kept per terminal; another host's code is refused", "internal/web TestPrintCodeOfItsTerminal"},
	{"a used print code (message ended in `%!(EXTRA string=…)`)", "a clean notice in pl, en and uk", "internal/web TestPrintNotice"},
	{"a 120 KB title in a source tree", "`bundle build` fails at the file and line, naming the field and the limit", "internal/source TestReadRefusesLongFields"},
	{"a 120 KB title in a signed bundle", "the bundle is refused at open, naming the node and the field", "internal/bundle TestOpenRefusesLongFields"},
	{"the same past the bundle reader, straight into the store", "the import is refused, naming the node and the field", "internal/store TestImportRefusesLongFields"},
	{"`bundle build` and `bundle index` output served by a web server (mode 0600 gave 403)", "files follow the umask; the private key stays 0600", "app TestPublishedFilesFollowUmask"},
	{"`bundle inspect FILE` without `--key` (said \"not trusted\", showed nothing)", "the summary, and \"signature not checked: no trusted key for publisher …\"", "app TestInspectWithoutTrust"},
	{"`status` and `import` while `serve` holds the data directory (refused)", "both go through the running reader's control socket; the reader switches to the new bulletin at once", "app TestStatusAndImportBesideRunningReader"},
	{"`trust` while the reader runs (refused: the first bundle of a new publisher needed the kiosk stopped)", "the key is pinned by the running reader through its control socket", "app TestTrustBesideRunningReader"},
	{"a kiosk with no network and a USB stick", "`--update-dir` installs a signed bundle found there with the same checks as a URL update", "app TestServeUpdateDir"},
	{"a service manager or monitor asking whether the web shell is alive", "`/healthz`: 200 with the installed generation, 503 when empty or unreadable, never cached", "internal/web TestHealth"},
	{"the low-vision version at 1280 × 1000 and any version at 320 px (the first screen held no content)", "settings and search fold behind one disclosure; the article's title is on the first screen", "tests/browser TestLowVisionFirstScreen"},
	{"`status` on an empty data directory (installed the default bulletin)", "says that nothing is installed, and installs nothing", "app TestStatusOnEmptyDataDir"},
}

// TestRedTeamTestsExist checks that every row's test is a real test function.
func TestRedTeamTestsExist(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, a := range redTeam {
		dir, name, _ := strings.Cut(a.Test, " ")
		if !found[dir] {
			if err := collectTests(filepath.Join(root, dir), dir, found); err != nil {
				t.Fatal(err)
			}
			found[dir] = true
		}
		if !found[dir+" "+name] {
			t.Errorf("red-team row %q names %s, which does not exist", a.Attack, a.Test)
		}
	}
	rep.set("redteam", redTeamSection())
}

// collectTests records "dir TestName" for every test function in dir.
func collectTests(path, dir string, into map[string]bool) error {
	files, err := filepath.Glob(filepath.Join(path, "*_test.go"))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("no tests in %s: %v", dir, err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		af, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, d := range af.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && strings.HasPrefix(fn.Name.Name, "Test") {
				into[dir+" "+fn.Name.Name] = true
			}
		}
	}
	return nil
}

func redTeamSection() string {
	var b strings.Builder
	b.WriteString("## Red team: what broke, and what guards it now\n\n")
	b.WriteString("Attacks made on loopback against the reader, its bundles and its update servers, and the\n")
	b.WriteString("checks an IT person made. Each row's test failed before its fix; this suite checks that each test exists.\n\n")
	b.WriteString("| attack | result now | test |\n|---|---|---|\n")
	for _, a := range redTeam {
		dir, name, _ := strings.Cut(a.Test, " ")
		fmt.Fprintf(&b, "| %s | %s | `%s` in `%s` |\n", a.Attack, a.Result, name, dir)
	}
	return b.String()
}
