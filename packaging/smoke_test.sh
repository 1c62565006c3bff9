#!/usr/bin/env bash
# Smoke test of the built program, headless: build it (unless --no-build), then run
# from the bundle `demo`, `export-roster`, `export-program` (each only once the
# command exists), `screenshot`, the window itself, and portable mode.
# Prints the bundle's size and start-up times. Exit 0 when all pass.
#   packaging/smoke_test.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."

[ "${1:-}" = "--no-build" ] || packaging/build.sh

BUNDLE=packaging/dist/ThiDuaDesktop
CLI="$BUNDLE/thidua-desktop"
GUI="$BUNDLE/ThiDuaDesktop"
[ -x "$CLI" ] && [ -x "$GUI" ] || { echo "FAIL: no bundle at $BUNDLE (run packaging/build.sh)"; exit 1; }

WORK=$(mktemp -d)
GUI_PID=""
cleanup() {
  [ -n "$GUI_PID" ] && kill "$GUI_PID" 2>/dev/null || true
  rm -rf "$WORK" "$BUNDLE/portable.txt" "$BUNDLE/du-lieu"
}
trap cleanup EXIT
# No display, no real home: everything the program writes stays in $WORK.
export QT_QPA_PLATFORM=offscreen HOME="$WORK/home" THIDUA_HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config"
mkdir -p "$HOME"
DB="$WORK/demo.sqlite"
failures=0

ok()   { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
magic() { head -c "${#2}" "$1" 2>/dev/null | grep -q "^$2"; }   # file starts with these bytes
has_command() { "$CLI" "$1" --help >/dev/null 2>&1; }
now_ms() { date +%s%3N; }

"$CLI" --version && ok "--version" || fail "--version"

if "$CLI" demo --db "$DB" && [ -s "$DB" ]; then
  events=$("$CLI" events --db "$DB" --json | grep -c '"code"' || true)
  [ "$events" -ge 14 ] && ok "demo ($events events)" || fail "demo: $events events"
else
  fail "demo"
fi

if has_command export-roster; then
  for ext in xlsx docx csv; do
    out="$WORK/danh-sach.$ext"
    if "$CLI" export-roster --db "$DB" --event dh-hon-quan --out "$out" && [ -s "$out" ]; then
      case $ext in
        xlsx|docx) magic "$out" "PK" && ok "export-roster .$ext" || fail "export-roster .$ext is not a zip" ;;
        csv) grep -q "Hớn Quản\|Xã" "$out" && ok "export-roster .csv" || fail "export-roster .csv content" ;;
      esac
    else
      fail "export-roster .$ext"
    fi
  done
else
  echo "skip export-roster (not built yet)"
fi

if has_command export-program; then
  for ext in pdf docx; do
    out="$WORK/chuong-trinh.$ext"
    if "$CLI" export-program --db "$DB" --event dh-hon-quan --out "$out" && [ -s "$out" ]; then
      if [ $ext = pdf ] && command -v pdftotext >/dev/null 2>&1; then
        pdftotext "$out" - | grep -q "CHƯƠNG TRÌNH" && ok "export-program .pdf (text checked)" \
          || fail "export-program .pdf text"
      else
        magic "$out" "$([ $ext = pdf ] && echo %PDF || echo PK)" && ok "export-program .$ext" \
          || fail "export-program .$ext header"
      fi
    else
      fail "export-program .$ext"
    fi
  done
else
  echo "skip export-program (not built yet)"
fi

# The window, rendered offscreen by the bundled Qt (platform plugin, fonts, forms).
for tab in timeline roster agenda dossiers; do
  out="$WORK/$tab.png"
  "$CLI" screenshot --db "$DB" --tab "$tab" --out "$out" && magic "$out" $'\x89PNG' \
    && ok "screenshot $tab" || fail "screenshot $tab"
done

# The windowed program starts, runs its start-up checks (lock, automatic backup) and stays up.
"$GUI" --db "$DB" &
GUI_PID=$!
started=no
for _ in $(seq 1 60); do
  if [ -e "$DB.lock" ] && ls "$WORK"/demo-sao-luu/demo-tu-dong-*.sqlite >/dev/null 2>&1; then started=yes; break; fi
  kill -0 "$GUI_PID" 2>/dev/null || break
  sleep 0.25
done
if [ $started = yes ] && kill -0 "$GUI_PID" 2>/dev/null; then
  ok "window started (lock held, automatic backup made)"
else
  fail "window did not start"
fi
kill "$GUI_PID" 2>/dev/null || true
wait "$GUI_PID" 2>/dev/null || true
GUI_PID=""

# Portable mode: portable.txt beside the program keeps the data in du-lieu/ beside it.
touch "$BUNDLE/portable.txt"
if "$CLI" demo --force >/dev/null 2>&1 && [ -s "$BUNDLE/du-lieu/thidua.sqlite" ]; then
  ok "portable mode (data in $BUNDLE/du-lieu)"
else
  fail "portable mode"
fi
rm -rf "$BUNDLE/portable.txt" "$BUNDLE/du-lieu"

# Measurements for the README.
size=$(du -sh "$BUNDLE" | cut -f1)
times=()
for _ in 1 2 3 4 5; do
  t0=$(now_ms); "$CLI" --version >/dev/null; t1=$(now_ms)
  "$CLI" screenshot --db "$DB" --tab timeline --out "$WORK/t.png" >/dev/null 2>&1; t2=$(now_ms)
  times+=("$((t1 - t0)) $((t2 - t1))")
done
median() { sort -n | sed -n 3p; }
cli_ms=$(printf '%s\n' "${times[@]}" | cut -d' ' -f1 | median)
win_ms=$(printf '%s\n' "${times[@]}" | cut -d' ' -f2 | median)
echo "bundle size: $size; start-up (median of 5): command ${cli_ms} ms, window opened and drawn ${win_ms} ms"

if [ $failures -gt 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "smoke test passed"
