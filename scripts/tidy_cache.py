#!/usr/bin/env python3
"""A result cache for clang-tidy, so CI spends its time on code that changed.

clang-tidy's findings for a file depend only on what the compiler sees (the
preprocessed translation unit and the flags), the check list (.clang-tidy)
and the clang-tidy version. The key of a file is a SHA-256 over exactly
those, with the checkout's and the build directory's paths replaced by
placeholders (so a clean clone elsewhere computes the same key). A file
whose key is in the cache was found clean before and is not checked again;
any change to it, to a header it includes, to a flag or to the checks
makes a new key, and the file is checked.

  tidy_cache.py keys BUILD_DIR FILE...   prints "KEY FILE" per file
"""
import concurrent.futures
import hashlib
import json
import os
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def preprocess_command(command):
    """The compile command turned into one that prints the preprocessed unit."""
    args = shlex.split(command)
    out = []
    skip_next = False
    for arg in args:
        if skip_next:
            skip_next = False
            continue
        if arg in ("-o", "-MT", "-MF", "-MQ"):
            skip_next = True
            continue
        if arg in ("-c", "-MD", "-MMD"):
            continue
        out.append(arg)
    # -C keeps comments: NOLINT markers change what clang-tidy reports.
    return out + ["-E", "-P", "-C", "-o", "-"]


def key_of(entry, build_dir, salt):
    build = os.path.abspath(build_dir)
    result = subprocess.run(preprocess_command(entry["command"]), cwd=entry["directory"],
                            capture_output=True, check=False)
    if result.returncode != 0:
        return None
    text = result.stdout.replace(build.encode(), b"@BUILD@").replace(ROOT.encode(), b"@ROOT@")
    flags = entry["command"].replace(build, "@BUILD@").replace(ROOT, "@ROOT@")
    digest = hashlib.sha256()
    for part in (salt, flags.encode(), text):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def main():
    if len(sys.argv) < 3 or sys.argv[1] != "keys":
        print(__doc__, file=sys.stderr)
        return 2
    build_dir = sys.argv[2]
    files = [os.path.abspath(f) for f in sys.argv[3:]]
    with open(os.path.join(build_dir, "compile_commands.json"), encoding="utf-8") as db:
        entries = {os.path.abspath(os.path.join(e["directory"], e["file"])): e for e in json.load(db)}
    tidy = os.environ.get("TIDY", "clang-tidy-14")
    version = subprocess.run([tidy, "--version"], capture_output=True, check=False).stdout
    with open(os.path.join(ROOT, ".clang-tidy"), "rb") as checks:
        salt = version + checks.read()
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        keys = pool.map(lambda f: key_of(entries[f], build_dir, salt) if f in entries else None,
                        files)
        for path, key in zip(files, keys):
            print(f"{key or 'none'} {os.path.relpath(path, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
