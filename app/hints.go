package app

import (
	"errors"
	"fmt"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/update"
)

// The internal packages name no command-line flag in their errors; the
// hints below add, by the error's kind, which flag to check or pass.

// updateHint returns the Options.Hint of an updater: byHand is "bipkiosk
// import URL", which has --max-total-bytes; serve and desktop do not.
func updateHint(byHand bool) func(error) error {
	return func(err error) error {
		le := (*update.LimitError)(nil)
		switch {
		case errors.As(err, &le) && byHand:
			return fmt.Errorf("%w: check --update-url or raise --max-total-bytes", err)
		case errors.As(err, &le):
			return fmt.Errorf("%w: check --update-url; to install a bundle this large, run \"bipkiosk import %s\" once with a larger limit, or ask the publisher for smaller bundles", err, le.URL)
		case errors.Is(err, update.ErrAddress), errors.Is(err, update.ErrStatus):
			return fmt.Errorf("%w: check --update-url", err)
		case errors.Is(err, update.ErrNotFeed):
			return fmt.Errorf("%w: point --update-url at the index.json that \"bipkiosk bundle index\" writes, or at a bundle .zip", err)
		case errors.Is(err, update.ErrDeltaOnly):
			return fmt.Errorf("%w: point --update-url at the publisher's index.json or a full bundle", err)
		}
		return err
	}
}

// buildHint names the flags of "bundle build" that an error of the bundle
// writer is about.
func buildHint(err error) error {
	switch {
	case errors.Is(err, bundle.ErrSequence):
		return fmt.Errorf("%w: check --sequence", err)
	case errors.Is(err, bundle.ErrSameKey):
		return fmt.Errorf("%w: give the new key with --key and the old one with --rotate-from", err)
	}
	return err
}
