"""Build the documentation site: ``python docs/build.py`` (from anywhere).

1. Vendor MathJax 3 into ``docs/_static/mathjax`` if it is not there yet: the npm package mathjax@3.2.2
   (``npm pack``, or without npm a download of the registry's tarball) into ``docs/_vendor``, checked
   against the registry's sha512 integrity, then its ``es5/`` parts that ``tex-chtml.js`` loads (~7 MB)
   are unpacked.  Needs the network once; afterwards the build is offline.  You may also drop the tarball
   ``mathjax-3.2.2.tgz`` into ``docs/_vendor`` yourself.
2. ``python -m sphinx -W -b html docs docs/_build/html`` (warnings are errors), which first generates the
   engine's pages (``docs/conf.py``).  The site lands in ``docs/_build/html/index.html``.

``--mathjax`` does step 1 only; extra arguments are passed to Sphinx (e.g. ``-q``, ``-E``).
"""
import base64
import hashlib
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

DOCS = Path(__file__).resolve().parent
MATHJAX_VERSION = "3.2.2"
# `npm view mathjax@3.2.2 dist.integrity`
MATHJAX_INTEGRITY = "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw=="
MATHJAX_URL = f"https://registry.npmjs.org/mathjax/-/mathjax-{MATHJAX_VERSION}.tgz"
TARBALL = DOCS / "_vendor" / f"mathjax-{MATHJAX_VERSION}.tgz"
TARGET = DOCS / "_static" / "mathjax"
OUT = DOCS / "_build" / "html"


def vendor_mathjax():
    if (TARGET / "tex-chtml.js").exists():
        return TARGET
    TARBALL.parent.mkdir(exist_ok=True)
    if not TARBALL.exists():
        npm = shutil.which("npm")
        if npm:
            subprocess.run([npm, "pack", f"mathjax@{MATHJAX_VERSION}", "--silent", "--pack-destination",
                            str(TARBALL.parent)], check=True, stdout=subprocess.DEVNULL)
        else:
            import urllib.request
            with urllib.request.urlopen(MATHJAX_URL, timeout=120) as r:
                TARBALL.write_bytes(r.read())
    digest = "sha512-" + base64.b64encode(hashlib.sha512(TARBALL.read_bytes()).digest()).decode()
    if digest != MATHJAX_INTEGRITY:
        TARBALL.unlink()
        sys.exit(f"{TARBALL.name}: sha512 {digest} is not the registry's {MATHJAX_INTEGRITY} (removed; run again)")
    tmp = TARGET.with_name("mathjax.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    with tarfile.open(TARBALL) as tf:
        # what tex-chtml.js loads: itself, its TeX extensions (autoload), the CHTML fonts, the a11y/ui
        # components its menu may request and the speech engine; not the other combined bundles
        keep = ("tex-chtml.js", "input/tex/", "output/chtml/", "a11y/", "ui/", "sre/", "adaptors/")
        members = [m for m in tf.getmembers() if m.name.startswith("package/es5/")
                   and m.name[len("package/es5/"):].startswith(keep)]
        tf.extractall(tmp, members=members, filter="data")
    shutil.rmtree(TARGET, ignore_errors=True)
    (tmp / "package" / "es5").rename(TARGET)
    shutil.rmtree(tmp)
    return TARGET


def build(extra=()):
    vendor_mathjax()
    t0 = time.perf_counter()
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html", *extra, str(DOCS), str(OUT)]
    r = subprocess.run(cmd, cwd=DOCS.parent)
    print(f"[docs] sphinx finished in {time.perf_counter() - t0:.0f} s: {OUT / 'index.html'}", flush=True)
    return r.returncode


if __name__ == "__main__":
    if "--mathjax" in sys.argv[1:]:
        print(vendor_mathjax())
        sys.exit(0)
    sys.exit(build(sys.argv[1:]))
