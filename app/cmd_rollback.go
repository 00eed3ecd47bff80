package app

import (
	"context"
	"errors"
)

func runRollback(ctx context.Context, e *env, args []string) error {
	return errors.New("rollback: being built")
}
