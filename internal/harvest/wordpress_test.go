package harvest

import "testing"

func TestWordPressFixture(t *testing.T) { checkAdapter(t, WordPress, "wordpress") }

func TestWordPressAPIFixture(t *testing.T) { checkAdapter(t, WordPress, "wordpress-api") }
