package app

import (
	"context"
	"fmt"
	"time"

	"bipkiosk/internal/store"
)

func runRollback(ctx context.Context, e *env, args []string) error {
	cfg := DefaultConfig()
	fs := newFlags(e, "rollback", &cfg)
	if err := parse(fs, args, 0, ""); err != nil {
		return err
	}
	st, err := openStore(ctx, e, cfg, false)
	if err != nil {
		return err
	}
	defer st.Close()
	to, left, err := st.Rollback()
	if err != nil {
		return fmt.Errorf("rollback in %s: %w", cfg.DataDir, err)
	}
	fmt.Fprintf(e.stdout, "returned to  %s\nleft         %s (removed; import its bundle again to return to it)\n",
		describeGeneration(to), describeGeneration(left))
	return nil
}

// describeGeneration names a generation the way an operator recognises a bundle.
func describeGeneration(g store.Generation) string {
	return fmt.Sprintf("%q sequence %d, created %s (generation %d, installed %s)",
		g.Edition.Publisher, g.Edition.Sequence, g.Edition.Created.Format(time.RFC3339),
		g.Number, g.ImportedAt.Local().Format(time.RFC3339))
}
