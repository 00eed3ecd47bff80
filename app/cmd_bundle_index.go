package app

import (
	"context"
	"errors"
)

func runBundleIndex(ctx context.Context, e *env, args []string) error {
	return errors.New("bundle index: being built")
}
