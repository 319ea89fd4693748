#!/usr/bin/env bash
# Banmian set-up and the two Quickstart commands.
#
#   bash setup.sh render [ARGS…]   set up, then render the reference edition
#                                  (ARGS go to `banmian render`, e.g. --dpi 200)
#   bash setup.sh test [ARGS…]     set up, then run the test suite (ARGS go to pytest)
#   bash setup.sh setup            set up only
#
# Set-up: Debian packages (fonts, poppler-utils, qpdf, ghostscript for the
# text-layer tests, libvips for the page tiles, chromium and its driver for the
# browser tests), .venv with the package installed editable, the editions'
# photos, and each font face's metrics read into the cache once. Every step is
# skipped when already done.
#
# Environment: PYTHON=/path/to/python3 picks the interpreter for .venv;
# BANMIAN_CACHE_DIR moves the font cache (default ~/.cache/banmian).
set -euo pipefail

cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")"
ROOT=$PWD
VENV=$ROOT/.venv
VPY=$VENV/bin/python
STAMP=$VENV/.banmian-install
EDITION=editions/xinxiang-daily-2024-11-06
PACKAGES=(fonts-noto-cjk fonts-noto-cjk-extra fonts-lxgw-wenkai fonts-hanazono fonts-babelstone-han
          poppler-utils qpdf ghostscript scribus-data libvips42 chromium chromium-driver)

say()  { printf '==> %s\n' "$*"; }
warn() { printf 'setup.sh: warning: %s\n' "$*" >&2; }
die()  { local code=$1; shift; printf 'setup.sh: error: %s\n' "$*" >&2; exit "$code"; }

usage() {
    sed -n '2,7s/^# \{0,1\}//p' "$ROOT/setup.sh" >&2
    exit 2
}

# -- system packages ------------------------------------------------------------
font_files() {  # the `file:` values of the default font manifest
    sed -n 's/^[[:space:]]*file:[[:space:]]*//p' fonts/fonts.yaml | sed 's/[[:space:]]*#.*$//'
}

is_installed() {  # `dpkg -s` also knows removed packages whose config files remain
    [[ $(dpkg -s "$1" 2>/dev/null) == *"Status: install ok installed"* ]]
}

need_venv_package() {  # Debian's python3 has no ensurepip (so no `-m venv`) without python3-venv
    ! "$1" -c 'import ensurepip, venv' >/dev/null 2>&1
}

apt_install() {
    local missing=("$@")
    local cmd="apt-get install -y --no-install-recommends ${missing[*]}"
    if [[ $(id -u) -eq 0 ]]; then
        say "Installing Debian packages: ${missing[*]}"
        apt-get update -qq || die 1 "apt-get update failed"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
            || die 1 "apt-get install failed / hint: run: $cmd"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        say "Installing Debian packages with sudo: ${missing[*]}"
        sudo -n apt-get update -qq || die 1 "sudo apt-get update failed"
        sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" || die 1 "sudo apt-get install failed / hint: run: sudo $cmd"
    else
        printf 'setup.sh: error: these Debian packages are missing: %s\n' "${missing[*]}" >&2
        printf 'Install them (needs root), then run this again:\n\n    sudo %s\n\n' "$cmd" >&2
        exit 2
    fi
}

system_packages() {
    local python=$1
    if ! command -v dpkg >/dev/null 2>&1; then
        local missing_files=() f
        while IFS= read -r f; do
            [[ -n $f && ! -f $f ]] && missing_files+=("$f")
        done < <(font_files)
        echo "Not a Debian system: install the equivalents of the Debian packages ${PACKAGES[*]}."
        echo "The default fonts are these files (fonts/fonts.yaml):"
        font_files | sed 's/^/    /'
        for tool in pdffonts pdftotext qpdf gs; do
            command -v "$tool" >/dev/null 2>&1 || warn "$tool not found (poppler-utils / qpdf / ghostscript); some tests need it"
        done
        if (( ${#missing_files[@]} )); then
            die 2 "font files missing: ${missing_files[*]} / hint: install Noto CJK SC (Serif, Sans, Sans Black) and LXGW WenKai there, or point fonts/fonts.yaml at your own files"
        fi
        return
    fi
    local missing=() p
    for p in "${PACKAGES[@]}"; do
        is_installed "$p" || missing+=("$p")
    done
    if [[ ! -x $VPY ]] && need_venv_package "$python"; then
        missing+=(python3-venv)
    fi
    if (( ${#missing[@]} )); then
        apt_install "${missing[@]}"
    fi
}

# -- Python ---------------------------------------------------------------------
version_ok() {  # Python ≥ 3.11?
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}

find_python() {
    local candidates=() c found=()
    if [[ -n ${PYTHON:-} ]]; then
        candidates=("$PYTHON")
    else
        candidates=(python3 python3.13 python3.12 python3.11)
    fi
    for c in "${candidates[@]}"; do
        if command -v "$c" >/dev/null 2>&1; then
            if version_ok "$c"; then
                command -v "$c"
                return 0
            fi
            found+=("$c: $("$c" -c 'import platform; print(platform.python_version())' 2>/dev/null || echo '?')")
        fi
    done
    if (( ${#found[@]} )); then
        die 1 "Banmian needs Python 3.11 or newer; found only ${found[*]} / hint: install python3.11 or newer, or set PYTHON=/path/to/python3.11"
    fi
    [[ -z ${PYTHON:-} ]] || die 1 "PYTHON=$PYTHON is not a command / hint: set PYTHON to a Python 3.11 or newer, or unset it"
    die 1 "no python3 found / hint: sudo apt-get install python3 python3-venv (Debian 12 ships 3.11)"
}

ensure_venv() {
    local python=$1
    if [[ -d $VENV ]] && ! version_ok "$VPY"; then
        warn ".venv is broken or older than Python 3.11; making a new one"
        rm -rf -- "$VENV"
    fi
    if [[ ! -d $VENV ]]; then
        say "Creating .venv with $python ($("$python" -c 'import platform; print(platform.python_version())'))"
        if ! "$python" -m venv "$VENV"; then
            rm -rf -- "$VENV"
            die 1 "could not create .venv / hint: on Debian: sudo apt-get install python3-venv"
        fi
    fi
    local want
    want="$("$VPY" -c 'import hashlib; print(hashlib.sha256(open("pyproject.toml", "rb").read()).hexdigest())') $ROOT"
    if [[ -x $VENV/bin/banmian && -f $STAMP && $(cat "$STAMP") == "$want" ]]; then
        return
    fi
    say "Installing banmian, its test tools and Dask into .venv (pip install -e '.[test,batch]')"
    rm -f -- "$STAMP"
    "$VPY" -m pip install --quiet --disable-pip-version-check -e '.[test,batch]' \
        || die 1 "pip install failed (see above) / hint: check network access to the package index and rerun"
    printf '%s\n' "$want" > "$STAMP"
}

# -- photos and fonts -----------------------------------------------------------
fetch_photos() {
    if ! "$VPY" scripts/fetch_photos.py; then
        warn "the editions' photos could not be fetched; pages show marked placeholder boxes instead (rerun to retry)"
    fi
}

check_fonts() {  # reads each face's cmap and metrics into the cache (a second or so the first time)
    "$VENV/bin/banmian" fonts >/dev/null \
        || die 2 "the fonts are not usable (see above) / hint: install the packages named there, or edit fonts/fonts.yaml"
}

compile_bytecode() {  # an editable install compiles nothing: every fresh process would
    # compile the package again (about 0.1 s a render), and more where the
    # environment sets PYTHONDONTWRITEBYTECODE; compileall skips what is current
    "$VPY" -m compileall -q -j 0 layout >/dev/null || warn "could not compile the package's bytecode (renders start slower)"
}

setup() {
    local python
    python=$(find_python)
    system_packages "$python"
    ensure_venv "$python"
    compile_bytecode
    fetch_photos
    check_fonts
}

# -- commands -------------------------------------------------------------------
cmd_render() {
    say "Rendering $EDITION"
    local files status=0 f label header=0
    files=$("$VENV/bin/banmian" render "$EDITION" "$@") || status=$?
    while IFS= read -r f; do
        [[ -n $f ]] || continue
        if [[ ! -f $f ]]; then  # not a file name: e.g. the output of --help
            printf '%s\n' "$f"
            continue
        fi
        case $f in
            *.thumb.png) label=thumbnail ;;
            *.png)       label="preview PNG" ;;
            *.pdf)       label=PDF ;;
            *.json)      label=report ;;
            *)           label=file ;;
        esac
        [[ $f == /* ]] || f=$ROOT/$f
        (( header )) || { echo "Written:"; header=1; }
        printf '    %-12s %s\n' "$label" "$f"
    done <<< "$files"
    return "$status"
}

cmd_test() {
    say "Running the tests"
    local status=0
    "$VPY" -m pytest -q "$@" || status=$?
    if (( status == 5 )); then
        printf 'setup.sh: error: pytest collected no tests; there must be tests\n' >&2
        return 1
    fi
    return "$status"
}

command=${1:-}
[[ $# -gt 0 ]] && shift
case $command in
    render) setup; cmd_render "$@" ;;
    test)   setup; cmd_test "$@" ;;
    setup)  [[ $# -eq 0 ]] || usage; setup; say "Set up. Next: bash setup.sh render, bash setup.sh test" ;;
    *)      usage ;;
esac
