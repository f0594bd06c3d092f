#!/bin/sh
# Print the path of a Python >= 3.12 (Django 6.1 needs it), or fail with a hint.
# Order: $PYTHON, python3.13, python3.12, python3 on PATH, then pyenv's versions.
ok() {
    [ -n "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1
}
for candidate in "${PYTHON:-}" python3.13 python3.12 python3; do
    [ -n "$candidate" ] || continue
    path=$(command -v "$candidate" 2>/dev/null) || continue
    if ok "$path"; then echo "$path"; exit 0; fi
done
root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
for path in $(ls -d "$root"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do
    if ok "$path"; then echo "$path"; exit 0; fi
done
echo "No Python 3.12 or newer found. Install one, or run: make PYTHON=/path/to/python3.12 ..." >&2
exit 1
