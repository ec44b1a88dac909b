#!/usr/bin/env bash
# bench/make-data.sh DIR — builds the standard benchmark data in DIR when it is not there yet, the
# same recipe as the maintainers' comparison harness uses for the peers (README, "Benchmarks"), so
# the files are byte-identical to theirs: ext4.img (1 GiB ext4 made by mke2fs -d from /usr/share, fixed UUID, hash seed and
# timestamps), ext4-changed.img (the same after debugfs writes a 5 MiB binary file and a 3 MiB
# text file into a new directory: 21 of its 2,048 blocks of 512 KiB differ), random.img (1 GiB of
# incompressible bytes) and sparse.img (1 GiB holding 16 MiB of data, 1 MiB every 64 MiB).
# Pseudo-random bytes come from AES-128-CTR of zeros (openssl), so every file is deterministic.
# Without mke2fs/debugfs/openssl it makes synthetic images of the same shape instead.
set -euo pipefail
dir=$1
mkdir -p "$dir"
cd "$dir"
GiB=1073741824
BS=524288
SRC_TREE=${SRC_TREE:-/usr/share}

have() { command -v "$1" >/dev/null 2>&1; }
# ks SEED BYTES: deterministic pseudo-random bytes (openssl stops on SIGPIPE, hence "|| true")
ks() {
  if have openssl; then
    { openssl enc -aes-128-ctr -nosalt -K "$(printf '%032x' "$1")" -iv 00000000000000000000000000000000 \
        -in /dev/zero 2>/dev/null || true; } | head -c "$2"
  else
    head -c "$2" /dev/urandom
  fi
}

if [ ! -f ext4.img ] || [ ! -f ext4-changed.img ]; then
  rm -f ext4.img ext4-changed.img
  if have mke2fs && have debugfs && have openssl; then
    echo "# making ext4.img from $SRC_TREE" >&2
    E2FSPROGS_FAKE_TIME=1700000000 mke2fs -q -F -t ext4 -b 4096 \
      -U 8d3c5c1e-0000-4000-8000-000000000001 \
      -E hash_seed=8d3c5c1e-0000-4000-8000-000000000002,root_owner=0:0 \
      -L perfimg -d "$SRC_TREE" ext4.img.tmp 1G >&2
    echo "# making ext4-changed.img" >&2
    cp --sparse=always ext4.img.tmp ext4-changed.img.tmp
    ks 1 $((5 * 1048576)) > new1.bin
    ks 2 $((3 * 1048576 * 3 / 4)) | base64 > new2.txt
    debugfs -w -f - ext4-changed.img.tmp >/dev/null 2>&1 <<DEBUGFS
mkdir /perfchange
write $PWD/new1.bin /perfchange/new1.bin
write $PWD/new2.txt /perfchange/new2.txt
DEBUGFS
    rm -f new1.bin new2.txt
  else
    echo "# no mke2fs/debugfs/openssl: making synthetic images (60% compressible text, 40% zeros)" >&2
    python3 - <<'PY'
import random
r = random.Random(42)
words = [bytes(r.choice(b"abcdefghijklmnopqrstuvwxyz") for _ in range(r.randint(2, 9))) for _ in range(5000)]
with open("ext4.img.tmp", "wb") as f:
    for b in range(2048):
        if b % 5 in (1, 3):
            continue
        chunk = bytearray()
        while len(chunk) < 524288:
            chunk += r.choice(words) + b" "
        f.seek(b * 524288)
        f.write(chunk[:524288])
    f.truncate(2048 * 524288)
PY
    cp --sparse=always ext4.img.tmp ext4-changed.img.tmp
    for b in $(seq 100 97 2048 | head -21); do
      ks $((1000 + b)) $BS | dd of=ext4-changed.img.tmp bs=$BS seek="$b" conv=notrunc status=none
    done
  fi
  mv ext4-changed.img.tmp ext4-changed.img
  mv ext4.img.tmp ext4.img
fi
if [ ! -f random.img ]; then
  echo "# making random.img" >&2
  ks 3 $GiB > random.img.tmp && mv random.img.tmp random.img
fi
if [ ! -f sparse.img ]; then
  echo "# making sparse.img" >&2
  truncate -s $GiB sparse.img.tmp
  for i in $(seq 0 15); do
    ks $((100 + i)) 1048576 | dd of=sparse.img.tmp bs=1M seek=$((i * 64)) conv=notrunc status=none
  done
  mv sparse.img.tmp sparse.img
fi
if have python3; then
  python3 - ext4.img ext4-changed.img <<'PY' >&2
import sys
B = 512 * 1024
n = total = 0
with open(sys.argv[1], 'rb') as a, open(sys.argv[2], 'rb') as b:
    while True:
        x, y = a.read(B), b.read(B)
        if not x and not y:
            break
        total += 1
        n += x != y
print(f"# ext4-changed.img: {n} of {total} blocks of 512 KiB differ from ext4.img")
PY
fi
ls -l . >&2
