// Command bipkiosk reads a Polish Biuletyn Informacji Publicznej offline: in a
// desktop window, as a kiosk, or over HTTP. All the work is in package app.
package main

import (
	"os"

	"bipkiosk/app"
)

func main() {
	os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr))
}
