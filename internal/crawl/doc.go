// Package crawl fetches one web site politely into a directory, so a
// harvester can read the site's pages later without the network. It knows
// nothing of BIP: it follows links within one site (scheme, host and an
// optional path prefix), honours robots.txt, keeps at most a few requests in
// flight and a few per second, and stops at limits on pages, bytes, depth
// and time with a message that says which limit ended the crawl.
//
// Use:
//
//	res, err := crawl.Run(ctx, crawl.Options{Start: "https://bip.gmina.pl/", Dir: dir,
//		Version: "1.2", Contact: "it@gmina.pl"})
//	res, err = crawl.Load(dir) // the same pages later, without the network
//
// The crawl's state lives in Dir/.crawl/ and nowhere else:
//
//	Dir/.crawl/journal.jsonl   one JSON record a line, appended and fsynced:
//	                           {"k":"run"} opens a run, {"k":"page"} is one
//	                           fetched URL (status, validators, declared and
//	                           sniffed type, charset, links, body hash),
//	                           {"k":"skip"} a URL not fetched and why,
//	                           {"k":"end"} closes a run with its report
//	Dir/.crawl/bodies/ab/<sha256> the raw bytes of each kept body, named by
//	                           the SHA-256 of its content (never by its URL),
//	                           written to a temporary file, fsynced, renamed
//
// A run that did not end (the process was killed) is resumed by the next Run
// on the same Dir: the frontier is rebuilt from the journal and no URL the
// journal already holds is fetched again. A run that ended is followed by a
// re-harvest: every URL is asked for again with If-None-Match and
// If-Modified-Since, and a 304 keeps the stored body.
//
// Redirects are followed only within the site, except the start address's
// own: a start that moved (http to https, a new domain) is followed once,
// under the new host's robots.txt.
//
// Traps are cut off: session ids are stripped and URLs normalised (see
// Normalize), and a cap on distinct query strings per path, on URL length,
// on path depth and repetition (/a/b/a/b/a/b), and on dates far outside the
// present (/kalendarz/2031/01/) keeps calendars and endless pages finite.
// Only what is really HTML (sniffed, not as declared) is searched for links.
//
// It may import the standard library, golang.org/x/net/html (link
// extraction) and github.com/temoto/robotstxt (robots.txt). It knows nothing
// of BIP, bundles, the store or the command line: flag names are added by
// the caller, from Report.Limit.
package crawl
