#!/usr/bin/env bash
# `npm run bench:vm -- <bench arguments>`: runs `npm run bench` inside a throwaway QEMU guest
# that boots this machine's Debian kernel and sees this machine's files (9p, read-write). For
# figures the host's limits forbid: 100,000 idle clients need 100,000 descriptors in one
# process, and a container's hard RLIMIT_NOFILE cannot be raised without CAP_SYS_RESOURCE. In
# the guest the benchmark is root with a limit of 1,048,576.
#   npm run bench:vm -- --only idle --idle-clients 100000
# Needs root and: apt-get install qemu-system-x86 linux-image-amd64 busybox-static
# WIREBENCH_VM_MONITOR=1 prints a line a minute on the guest's sockets and load.
# WIREBENCH_VM_ACCEL=kvm uses KVM (nested KVM hangs in some VMs; tcg, the default, always
# works but is several times slower: read the ratios, not the times). WIREBENCH_VM_MEMORY (MiB,
# default 16384) and WIREBENCH_VM_CPUS (default: this machine's count) size the guest.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
kernel="$(find /boot -maxdepth 1 -name "vmlinuz-*" 2> /dev/null | sort -V | tail -n 1 || true)"
busybox="$(command -v busybox || true)"
if [[ -z "$kernel" || -z "$busybox" ]] || ! command -v qemu-system-x86_64 > /dev/null; then
  echo "bench:vm needs qemu-system-x86_64, a kernel in /boot and busybox:" >&2
  echo "  apt-get install qemu-system-x86 linux-image-amd64 busybox-static" >&2
  exit 2
fi
version="${kernel#/boot/vmlinuz-}"
modules="/lib/modules/$version/kernel"

# Not under /tmp: the guest mounts its own tmpfs there. Inside node_modules, so git ignores it.
mkdir -p "$root/node_modules/.cache"
work="$(mktemp -d "$root/node_modules/.cache/wirebench-vm-XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/initramfs/bin" "$work/initramfs/mods" "$work/initramfs/"{dev,proc,sys,host}
cp "$busybox" "$work/initramfs/bin/busybox"
# 9p over virtio, in dependency order (Debian builds them as modules).
order="virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci netfs fscache 9pnet 9pnet_virtio 9p"
for m in $order; do
  found="$(find "$modules" -name "$m.ko*" | head -n 1)"
  [[ -n "$found" ]] || { echo "bench:vm: module $m is not in $modules" >&2; exit 2; }
  case "$found" in
    *.xz) xz -dc "$found" > "$work/initramfs/mods/$m.ko" ;;
    *.zst) zstd -qdc "$found" > "$work/initramfs/mods/$m.ko" ;;
    *) cp "$found" "$work/initramfs/mods/$m.ko" ;;
  esac
done

# What runs in the guest, as root in this machine's file tree.
{
  echo 'export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp'
  printf 'cd %q\n' "$root"
  printf 'node scripts/bench.mjs'
  printf ' %q' "$@"
  printf '\necho $? > %q\n' "$work/status"
} > "$work/guest.sh"

cat > "$work/initramfs/init" << EOF
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
for m in $order; do insmod /mods/\$m.ko || echo "bench:vm: insmod \$m failed"; done
if mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,cache=loose host /host; then
  mount -t proc proc /host/proc; mount -t sysfs sys /host/sys; mount -t devtmpfs dev /host/dev
  mkdir -p /host/dev/pts /host/dev/shm; mount -t devpts devpts /host/dev/pts; mount -t tmpfs tmpfs /host/dev/shm
  mount -t tmpfs tmpfs /host/tmp; mount -t tmpfs tmpfs /host/run
  ip link set lo up
  # No SYN cookies: with them, a client whose handshake lands while the accept queue is full
  # counts itself connected and the server never hears of it (an emulated guest accepts slowly).
  # Without them the kernel holds or drops the SYN and the client retries: slower, never lost.
  echo 0 > /proc/sys/net/ipv4/tcp_syncookies
  echo 10 > /proc/sys/net/ipv4/tcp_synack_retries
$(if [[ -n "${WIREBENCH_VM_MONITOR:-}" ]]; then cat << 'MONITOR'
  # A line a minute on how the guest is doing: TCP sockets, accept-queue overflows, load.
  (while sleep 60; do
    echo "vm: $(grep -m1 TCP: /proc/net/sockstat) | overflows $(awk '/^TcpExt:/ { if (seen++) { for (i = 1; i <= NF; i++) if (h[i] == "ListenOverflows") print $i } else for (i = 1; i <= NF; i++) h[i] = $i }' /proc/net/netstat) | load $(cut -d' ' -f1-3 /proc/loadavg)"
  done) &
MONITOR
fi)
  ulimit -Hn 1048576; ulimit -n 1048576
  echo "=== guest: \$(nproc) CPUs, \$(free -m | awk '/Mem/ {print \$2}') MiB, \$(ulimit -Hn) descriptors per process"
  chroot /host /bin/bash $(printf %q "$work/guest.sh")
  sync
else
  echo "bench:vm: the host's files could not be mounted"
fi
poweroff -f
EOF
chmod +x "$work/initramfs/init"
(cd "$work/initramfs" && find . | cpio -o -H newc 2> /dev/null | gzip > "$work/initramfs.gz")

accel="${WIREBENCH_VM_ACCEL:-tcg}"
[[ "$accel" == tcg ]] && accel="tcg,thread=multi"
# The guest's console, from the first line the init prints (the firmware's screen codes before it are dropped).
qemu-system-x86_64 -accel "$accel" -smp "${WIREBENCH_VM_CPUS:-$(nproc)}" -m "${WIREBENCH_VM_MEMORY:-16384}" \
  -nographic -no-reboot -kernel "$kernel" -initrd "$work/initramfs.gz" -append "console=ttyS0 quiet panic=-1" \
  -virtfs "local,path=/,mount_tag=host,security_model=passthrough,multidevs=remap" |
  while IFS= read -r line; do
    line="${line//$'\r'/}"
    if [[ "$line" == *"=== guest: "* ]]; then on=1; line="${line##*=== }"; fi
    if [[ -n "${on:-}" && "$line" != *"reboot: Power down"* ]]; then printf '%s\n' "$line"; fi
  done
status="$(cat "$work/status" 2> /dev/null || echo 1)"
exit "$status"
