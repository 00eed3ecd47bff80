; bipkiosk's Windows installer, built on Linux with makensis (Debian's nsis)
; by scripts/package-nsis, which passes:
;   -DVERSION=1.2.0 -DWINVERSION=1.2.0.0 -DEXE=bipkiosk.exe -DICON=icon.ico -DOUTFILE=setup.exe
;
; It installs bipkiosk.exe for all users into Program Files, adds Start-menu
; shortcuts for the reader and for kiosk mode, an uninstaller and its entry
; in "Apps", and checks for the WebView2 runtime the window needs.
; For IT: "setup.exe /S" installs silently (add /D=C:\path as the last
; argument for another folder), "uninstall.exe /S" removes it silently.
; A silent install without the WebView2 runtime still installs, and ends
; with exit code 3 so that deployment tools report it (docs/packaging.md).

Unicode true
!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"

!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\bipkiosk"
; The WebView2 runtime's client id in EdgeUpdate (Microsoft's documented check).
!define WEBVIEW2_KEY "SOFTWARE\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
!define WEBVIEW2_URL "https://go.microsoft.com/fwlink/p/?LinkId=2124703"
!define EXIT_NO_WEBVIEW2 3

Name "bipkiosk ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\bipkiosk"
InstallDirRegKey HKLM "${UNINST_KEY}" "InstallLocation"
RequestExecutionLevel admin
SetCompressor /SOLID lzma
ManifestDPIAware true
BrandingText "bipkiosk ${VERSION}"

VIProductVersion "${WINVERSION}"
VIFileVersion "${WINVERSION}"
VIAddVersionKey /LANG=0 "ProductName" "bipkiosk"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "bipkiosk installer"
VIAddVersionKey /LANG=0 "CompanyName" "bipkiosk"
VIAddVersionKey /LANG=0 "LegalCopyright" "bipkiosk authors"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\bipkiosk.exe"
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
; The first language is the default: the readers are Polish offices.
!insertmacro MUI_LANGUAGE "Polish"
!insertmacro MUI_LANGUAGE "English"

LangString ShortcutReader ${LANG_POLISH} "bipkiosk"
LangString ShortcutReader ${LANG_ENGLISH} "bipkiosk"
LangString ShortcutKiosk ${LANG_POLISH} "bipkiosk (tryb kiosku)"
LangString ShortcutKiosk ${LANG_ENGLISH} "bipkiosk (kiosk mode)"
LangString NoWebView2 ${LANG_POLISH} "Brak środowiska Microsoft Edge WebView2 Runtime, którego potrzebuje okno bipkiosk.$\r$\n$\r$\nbipkiosk zostanie zainstalowany, ale otworzy się dopiero po zainstalowaniu WebView2 Runtime: pobierz go ze strony Microsoftu (${WEBVIEW2_URL}) albo poproś dział IT o jego wdrożenie.$\r$\n$\r$\nOtworzyć teraz stronę pobierania?"
LangString NoWebView2 ${LANG_ENGLISH} "The Microsoft Edge WebView2 Runtime, which the bipkiosk window needs, is not installed.$\r$\n$\r$\nbipkiosk will be installed, but opens only once the WebView2 Runtime is installed: download it from Microsoft (${WEBVIEW2_URL}) or ask IT to deploy it.$\r$\n$\r$\nOpen the download page now?"
LangString NoWebView2Log ${LANG_POLISH} "Brak WebView2 Runtime: zainstaluj go (${WEBVIEW2_URL}); kod wyjścia ${EXIT_NO_WEBVIEW2}."
LangString NoWebView2Log ${LANG_ENGLISH} "WebView2 Runtime missing: install it (${WEBVIEW2_URL}); exit code ${EXIT_NO_WEBVIEW2}."

; HasWebView2 leaves the runtime's version in $0, or "" when it is missing:
; per machine (the 32-bit registry view this installer reads) or per user.
Function HasWebView2
	ReadRegStr $0 HKLM "${WEBVIEW2_KEY}" "pv"
	${If} $0 == ""
	${OrIf} $0 == "0.0.0.0"
		ReadRegStr $0 HKCU "${WEBVIEW2_KEY}" "pv"
	${EndIf}
	${If} $0 == "0.0.0.0"
		StrCpy $0 ""
	${EndIf}
FunctionEnd

Section "bipkiosk" SecMain
	SectionIn RO
	SetShellVarContext all
	SetOutPath "$INSTDIR"
	File "/oname=bipkiosk.exe" "${EXE}"
	WriteUninstaller "$INSTDIR\uninstall.exe"

	CreateDirectory "$SMPROGRAMS\bipkiosk"
	CreateShortcut "$SMPROGRAMS\bipkiosk\$(ShortcutReader).lnk" "$INSTDIR\bipkiosk.exe" "desktop" "$INSTDIR\bipkiosk.exe" 0
	CreateShortcut "$SMPROGRAMS\bipkiosk\$(ShortcutKiosk).lnk" "$INSTDIR\bipkiosk.exe" "desktop --kiosk" "$INSTDIR\bipkiosk.exe" 0

	WriteRegStr HKLM "${UNINST_KEY}" "DisplayName" "bipkiosk"
	WriteRegStr HKLM "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
	WriteRegStr HKLM "${UNINST_KEY}" "Publisher" "bipkiosk authors"
	WriteRegStr HKLM "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\bipkiosk.exe"
	WriteRegStr HKLM "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
	WriteRegStr HKLM "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
	WriteRegStr HKLM "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
	WriteRegDWORD HKLM "${UNINST_KEY}" "NoModify" 1
	WriteRegDWORD HKLM "${UNINST_KEY}" "NoRepair" 1
	${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
	WriteRegDWORD HKLM "${UNINST_KEY}" "EstimatedSize" $0

	Call HasWebView2
	${If} $0 == ""
		DetailPrint "$(NoWebView2Log)"
		${If} ${Silent}
			SetErrorLevel ${EXIT_NO_WEBVIEW2}
		${Else}
			MessageBox MB_YESNO|MB_ICONEXCLAMATION "$(NoWebView2)" IDNO +2
			ExecShell "open" "${WEBVIEW2_URL}"
		${EndIf}
	${Else}
		DetailPrint "WebView2 Runtime $0"
	${EndIf}
SectionEnd

Function un.onInit
	SetShellVarContext all
FunctionEnd

; The reader's data directory (the store in the user's profile) is kept: it
; is the user's, and a reinstall finds the bulletin where it was.
Section "Uninstall"
	SetShellVarContext all
	Delete "$SMPROGRAMS\bipkiosk\*.lnk"
	RMDir "$SMPROGRAMS\bipkiosk"
	Delete "$INSTDIR\bipkiosk.exe"
	Delete "$INSTDIR\uninstall.exe"
	RMDir "$INSTDIR"
	DeleteRegKey HKLM "${UNINST_KEY}"
SectionEnd
