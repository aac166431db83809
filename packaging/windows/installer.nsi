; NSIS installer for 政务公开年报核查 (nianbao). Built by packaging/build-windows.sh, which passes:
;   VERSION  the crate version (0.1.0)
;   STAGE    folder with nianbao-gui.exe (cargo's GUI nianbao.exe) and nianbao.exe (nianbao-cli.exe)
;   ROOT     the repository root (assets/)
;   OUTFILE  the installer to write
;
; Installed layout (per user, no administrator rights):
;   %LOCALAPPDATA%\Programs\nianbao\nianbao-gui.exe   the desktop app (shortcuts point here)
;   %LOCALAPPDATA%\Programs\nianbao\nianbao.exe       the console program: `nianbao check …`
;   ...\samples\*.txt, ...\fonts\NotoSansSC-subset.otf + OFL.txt, ...\models\ocr\ (OCR models + licences),
;   ...\uninstall.exe
; The folder is added to the user's PATH so `nianbao check` works in a new cmd/PowerShell window.

; A 64-bit installer: the program is 64-bit anyway, it runs under Debian's wine64 without a 32-bit
; wine, and it sees the real registry and folders (no WOW64 redirection).
Target amd64-unicode
SetCompressor /SOLID lzma
ManifestDPIAware true

!include MUI2.nsh
!include LogicLib.nsh
!include WinVer.nsh
!include FileFunc.nsh
!include WordFunc.nsh
!include WinMessages.nsh

!macro Require SYMBOL
  !ifndef ${SYMBOL}
    !error "${SYMBOL} is not defined: run packaging/build-windows.sh"
  !endif
!macroend
!insertmacro Require VERSION
!insertmacro Require STAGE
!insertmacro Require ROOT
!insertmacro Require OUTFILE

!define APPNAME "政务公开年报核查"
!define APPKEY "nianbao"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPKEY}"

Name "${APPNAME}"
OutFile "${OUTFILE}"
; Per-user: never asks for elevation; everything goes to the user's profile and HKCU.
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APPKEY}"
InstallDirRegKey HKCU "Software\${APPKEY}" "InstallDir"
BrandingText "${APPNAME} ${VERSION}"

!define MUI_ICON "${ROOT}\assets\icon\icon.ico"
!define MUI_UNICON "${ROOT}\assets\icon\icon.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\nianbao-gui.exe"
!define MUI_FINISHPAGE_RUN_TEXT "启动${APPNAME}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${APPNAME} 安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "MIT License"

Function .onInit
  ; The program is built for 64-bit Windows 10 and later; say so instead of failing obscurely.
  ${IfNot} ${AtLeastWin10}
    MessageBox MB_OK|MB_ICONSTOP "${APPNAME}需要 Windows 10 或更高版本，本机的 Windows 版本过旧，无法安装。" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
FunctionEnd

Section "程序" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${STAGE}\nianbao-gui.exe"
  File "${STAGE}\nianbao.exe"
  SetOutPath "$INSTDIR\samples"
  File "${ROOT}\assets\samples\*.txt"
  SetOutPath "$INSTDIR\fonts"
  File "${ROOT}\assets\fonts\NotoSansSC-subset.otf"
  File "${ROOT}\assets\fonts\OFL.txt"
  ; The OCR models for scanned reports (read/scan/models.rs looks in models\ocr beside the exe).
  SetOutPath "$INSTDIR\models\ocr"
  File "${ROOT}\models\ocr\PP-OCRv6_det_small.onnx"
  File "${ROOT}\models\ocr\PP-OCRv6_rec_small.onnx"
  File "${ROOT}\models\ocr\LICENSE"
  File "${ROOT}\models\ocr\MODEL_LICENSES.md"
  SetOutPath "$INSTDIR"

  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\nianbao-gui.exe" "" "$INSTDIR\nianbao-gui.exe" 0
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\nianbao-gui.exe" "" "$INSTDIR\nianbao-gui.exe" 0

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\${APPKEY}" "InstallDir" "$INSTDIR"
  ; Apps & Features (设置 → 应用) lists per-user programs from HKCU.
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "nianbao"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\nianbao-gui.exe,0"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" "$0"

  Call AddToPath
SectionEnd

; Appends $INSTDIR to the user's PATH (HKCU\Environment), once. NSIS strings hold 1024
; characters: a longer PATH would come back truncated, and writing it back would damage it, so
; such a PATH is left alone (the program then runs by its full path).
Function AddToPath
  ReadRegStr $0 HKCU "Environment" "Path"
  StrLen $1 $0
  ${If} $1 > 900
    DetailPrint "PATH 过长，未加入 $INSTDIR"
    Return
  ${EndIf}
  ${WordReplace} "$0" "$INSTDIR" "" "+" $2
  ${If} $2 != $0
    Return ; already there
  ${EndIf}
  ${If} $0 == ""
    StrCpy $0 "$INSTDIR"
  ${Else}
    StrCpy $0 "$0;$INSTDIR"
  ${EndIf}
  WriteRegExpandStr HKCU "Environment" "Path" "$0"
  SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=500
FunctionEnd

Function un.onInit
  SetRegView 64
FunctionEnd

Section "Uninstall"
  Delete "$INSTDIR\nianbao-gui.exe"
  Delete "$INSTDIR\nianbao.exe"
  RMDir /r "$INSTDIR\samples"
  RMDir /r "$INSTDIR\fonts"
  RMDir /r "$INSTDIR\models"
  Delete "$INSTDIR\uninstall.exe"
  ; Only removes the folder when empty: files the user saved there stay.
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"
  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKCU "Software\${APPKEY}"

  ; Take $INSTDIR back out of the user's PATH (same length limit as when adding).
  ReadRegStr $0 HKCU "Environment" "Path"
  StrLen $1 $0
  ${If} $1 <= 900
  ${AndIf} $0 != ""
    ${WordReplace} "$0" ";$INSTDIR" "" "+" $0
    ${WordReplace} "$0" "$INSTDIR;" "" "+" $0
    ${If} $0 == "$INSTDIR"
      DeleteRegValue HKCU "Environment" "Path"
    ${Else}
      WriteRegExpandStr HKCU "Environment" "Path" "$0"
    ${EndIf}
    SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=500
  ${EndIf}
  ; The app's autosaved session (in %APPDATA%) is the user's data and is kept.
SectionEnd
