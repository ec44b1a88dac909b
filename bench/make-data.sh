#!/usr/bin/env bash
# bench/make-data.sh DIR — builds the standard benchmark data in DIR when it is not there yet:
# ext4.img (1 GiB ext4 filesystem made by mke2fs -d from /usr/share, fixed UUID and timestamps),
# ext4-changed.img (the same with two files, 8 MiB, written through debugfs), random.img (1 GiB
# of incompressible bytes) and sparse.img (1 GiB holding 16 MiB of data).
# Without mke2fs/debugfs it makes synthetic images of the same shape instead.
set -euo pipefail
dir=$1
mkdir -p "$dir"
cd "$dir"
GiB=1073741824
if [ ! -f ext4.img ]; then
  if command -v mke2fs >/dev/null && command -v debugfs >/dev/null; then
    echo "# making ext4.img from /usr/share" >&2
    export E2FSPROGS_FAKE_TIME=1700000000
    truncate -s $GiB ext4.img.tmp
    mke2fs -q -F -t ext4 -b 4096 -U 2c8a1d2e-5b4e-4f1c-9a4e-0123456789ab -E hash_seed=2c8a1d2e-5b4e-4f1c-9a4e-0123456789ab \
      -d /usr/share ext4.img.tmp 2>/dev/null || mke2fs -q -F -t ext4 -b 4096 -d /usr/share ext4.img.tmp
    mv ext4.img.tmp ext4.img
  else
    echo "# no mke2fs: making a synthetic ext4.img (60% of blocks compressible text, 40% zeros)" >&2
    python3 - <<'PY'
import os, random
r = random.Random(42)
words = [bytes(r.choice(b"abcdefghijklmnopqrstuvwxyz") for _ in range(r.randint(2, 9))) for _ in range(5000)]
with open("ext4.img.tmp", "wb") as f:
    for b in range(2048):
        if b % 5 in (1, 3):
            f.seek((b + 1) * 524288)
            continue
        chunk = bytearray()
        while len(chunk) < 524288:
            chunk += r.choice(words) + b" "
        f.write(chunk[:524288])
    f.truncate(2048 * 524288)
PY
    mv ext4.img.tmp ext4.img
  fi
fi
if [ ! -f ext4-changed.img ]; then
  echo "# making ext4-changed.img" >&2
  cp --sparse=always ext4.img ext4-changed.img.tmp
  if command -v debugfs >/dev/null && head -c 2048 /dev/zero >/dev/null && [ "$(od -An -tx2 -j1080 -N2 ext4.img | tr -d ' ')" = "ef53" ]; then
    head -c 4194304 /dev/urandom > change1.bin; head -c 4194304 /dev/urandom > change2.bin
    debugfs -w -R "write change1.bin amisdk-change-1" ext4-changed.img.tmp >/dev/null 2>&1
    debugfs -w -R "write change2.bin amisdk-change-2" ext4-changed.img.tmp >/dev/null 2>&1
    rm -f change1.bin change2.bin
  else
    for b in $(seq 100 97 2048 | head -21); do
      head -c 524288 /dev/urandom | dd of=ext4-changed.img.tmp bs=524288 seek="$b" conv=notrunc status=none
    done
  fi
  mv ext4-changed.img.tmp ext4-changed.img
fi
if [ ! -f random.img ]; then
  echo "# making random.img" >&2
  head -c $GiB /dev/urandom > random.img.tmp && mv random.img.tmp random.img
fi
if [ ! -f sparse.img ]; then
  echo "# making sparse.img" >&2
  truncate -s $GiB sparse.img.tmp
  for i in $(seq 0 31); do
    head -c 524288 /dev/urandom | dd of=sparse.img.tmp bs=524288 seek=$((i * 64)) conv=notrunc status=none
  done
  mv sparse.img.tmp sparse.img
fi
ls -l "$dir" >&2
