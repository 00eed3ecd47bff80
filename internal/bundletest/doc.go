// Package bundletest is test support for packages that import, fetch or
// publish bundles: a throwaway publisher key, and signed bundle files built
// from content values (or from synth.Generate) with it, so that no test
// builds and signs a bundle by hand. Refusal tests that need a malformed
// bundle still craft their zip themselves; the fixture content stays in
// each package's tests.
//
// Only tests may import it. It may import the standard library,
// internal/bundle, internal/content, internal/synth, github.com/google/uuid
// and testing.
package bundletest
