/*
 * VCK's own definitions of the Linux DRM and V3D user-space interface used by
 * the runtime: structure layouts and ioctl request numbers, written from the
 * kernel's documented layout (see shared/isa/driver.md §2–§3). Debian's
 * libdrm-dev ships no v3d_drm.h, so we define these ourselves; the static
 * assertions below check every size and offset at compile time.
 */
#ifndef VCK_V3D_UAPI_H
#define VCK_V3D_UAPI_H

#include <stddef.h>
#include <stdint.h>
#include <xf86drm.h>

/* ioctl request encoding: dir << 30 | size << 16 | type << 8 | nr. */
#define VCK_IOC(dir, nr, size) \
  ((unsigned long)(((dir) << 30) | ((size) << 16) | (0x64 << 8) | (nr)))
#define VCK_IOC_WRITE 1u
#define VCK_IOC_READ 2u
#define VCK_IOC_READWRITE 3u

/* DRM core. */
struct vck_drm_version {
  int32_t version_major;
  int32_t version_minor;
  int32_t version_patchlevel;
  uint64_t name_len;
  uint64_t name; /* char * */
  uint64_t date_len;
  uint64_t date;
  uint64_t desc_len;
  uint64_t desc;
};

struct vck_drm_gem_close {
  uint32_t handle;
  uint32_t pad;
};

/* V3D. */
struct vck_v3d_wait_bo {
  uint32_t handle;
  uint32_t pad;
  uint64_t timeout_ns;
};

struct vck_v3d_create_bo {
  uint32_t size;
  uint32_t flags;
  uint32_t handle;
  uint32_t offset;
};

struct vck_v3d_mmap_bo {
  uint32_t handle;
  uint32_t flags;
  uint64_t offset;
};

struct vck_v3d_get_param {
  uint32_t param;
  uint32_t pad;
  uint64_t value;
};

struct vck_v3d_submit_csd {
  uint32_t cfg[7];
  uint32_t coef[4];
  uint32_t pad0; /* the hole at 44 */
  uint64_t bo_handles; /* uint32_t * */
  uint32_t bo_handle_count;
  uint32_t in_sync;
  uint32_t out_sync;
  uint32_t perfmon_id;
  uint64_t extensions;
  uint32_t flags;
  uint32_t pad;
};

struct vck_v3d_perfmon_create {
  uint32_t id;
  uint32_t ncounters;
  uint8_t counters[32];
};

struct vck_v3d_perfmon_destroy {
  uint32_t id;
};

struct vck_v3d_perfmon_get_values {
  uint32_t id;
  uint32_t pad;
  uint64_t values_ptr; /* uint64_t * */
};

/* Request numbers (checked below against the encoding and the struct sizes). */
#define VCK_DRM_IOCTL_VERSION 0xC0406400ul
#define VCK_DRM_IOCTL_GEM_CLOSE 0x40086409ul
#define VCK_V3D_IOCTL_WAIT_BO 0xC0106441ul
#define VCK_V3D_IOCTL_CREATE_BO 0xC0106442ul
#define VCK_V3D_IOCTL_MMAP_BO 0xC0106443ul
#define VCK_V3D_IOCTL_GET_PARAM 0xC0106444ul
#define VCK_V3D_IOCTL_SUBMIT_CSD 0x40586447ul
#define VCK_V3D_IOCTL_PERFMON_CREATE 0xC0286448ul
#define VCK_V3D_IOCTL_PERFMON_DESTROY 0xC0046449ul
#define VCK_V3D_IOCTL_PERFMON_GET_VALUES 0xC010644Aul

/* Sizes and offsets as the kernel lays them out (LP64). */
_Static_assert(sizeof(struct vck_drm_version) == 64, "drm_version size");
_Static_assert(offsetof(struct vck_drm_version, name_len) == 16, "drm_version.name_len");
_Static_assert(offsetof(struct vck_drm_version, desc) == 56, "drm_version.desc");
_Static_assert(sizeof(struct vck_drm_gem_close) == 8, "drm_gem_close size");
_Static_assert(sizeof(struct vck_v3d_wait_bo) == 16, "v3d_wait_bo size");
_Static_assert(offsetof(struct vck_v3d_wait_bo, timeout_ns) == 8, "wait_bo.timeout_ns");
_Static_assert(sizeof(struct vck_v3d_create_bo) == 16, "v3d_create_bo size");
_Static_assert(offsetof(struct vck_v3d_create_bo, offset) == 12, "create_bo.offset");
_Static_assert(sizeof(struct vck_v3d_mmap_bo) == 16, "v3d_mmap_bo size");
_Static_assert(offsetof(struct vck_v3d_mmap_bo, offset) == 8, "mmap_bo.offset");
_Static_assert(sizeof(struct vck_v3d_get_param) == 16, "v3d_get_param size");
_Static_assert(offsetof(struct vck_v3d_get_param, value) == 8, "get_param.value");
_Static_assert(sizeof(struct vck_v3d_submit_csd) == 88, "v3d_submit_csd size");
_Static_assert(offsetof(struct vck_v3d_submit_csd, coef) == 28, "submit_csd.coef");
_Static_assert(offsetof(struct vck_v3d_submit_csd, bo_handles) == 48, "submit_csd.bo_handles");
_Static_assert(offsetof(struct vck_v3d_submit_csd, bo_handle_count) == 56, "submit_csd.count");
_Static_assert(offsetof(struct vck_v3d_submit_csd, in_sync) == 60, "submit_csd.in_sync");
_Static_assert(offsetof(struct vck_v3d_submit_csd, out_sync) == 64, "submit_csd.out_sync");
_Static_assert(offsetof(struct vck_v3d_submit_csd, perfmon_id) == 68, "submit_csd.perfmon_id");
_Static_assert(offsetof(struct vck_v3d_submit_csd, extensions) == 72, "submit_csd.extensions");
_Static_assert(offsetof(struct vck_v3d_submit_csd, flags) == 80, "submit_csd.flags");
_Static_assert(sizeof(struct vck_v3d_perfmon_create) == 40, "perfmon_create size");
_Static_assert(sizeof(struct vck_v3d_perfmon_destroy) == 4, "perfmon_destroy size");
_Static_assert(sizeof(struct vck_v3d_perfmon_get_values) == 16, "perfmon_get_values size");

/* Each request number is the kernel's encoding of its direction, number and struct size. */
_Static_assert(VCK_IOC(VCK_IOC_READWRITE, 0x00, sizeof(struct vck_drm_version)) == VCK_DRM_IOCTL_VERSION, "VERSION");
_Static_assert(VCK_IOC(VCK_IOC_WRITE, 0x09, sizeof(struct vck_drm_gem_close)) == VCK_DRM_IOCTL_GEM_CLOSE, "GEM_CLOSE");
_Static_assert(VCK_IOC(VCK_IOC_READWRITE, 0x41, sizeof(struct vck_v3d_wait_bo)) == VCK_V3D_IOCTL_WAIT_BO, "WAIT_BO");
_Static_assert(VCK_IOC(VCK_IOC_READWRITE, 0x42, sizeof(struct vck_v3d_create_bo)) == VCK_V3D_IOCTL_CREATE_BO, "CREATE_BO");
_Static_assert(VCK_IOC(VCK_IOC_READWRITE, 0x43, sizeof(struct vck_v3d_mmap_bo)) == VCK_V3D_IOCTL_MMAP_BO, "MMAP_BO");
_Static_assert(VCK_IOC(VCK_IOC_READWRITE, 0x44, sizeof(struct vck_v3d_get_param)) == VCK_V3D_IOCTL_GET_PARAM, "GET_PARAM");
_Static_assert(VCK_IOC(VCK_IOC_WRITE, 0x47, sizeof(struct vck_v3d_submit_csd)) == VCK_V3D_IOCTL_SUBMIT_CSD, "SUBMIT_CSD");
_Static_assert(VCK_IOC(VCK_IOC_READWRITE, 0x48, sizeof(struct vck_v3d_perfmon_create)) == VCK_V3D_IOCTL_PERFMON_CREATE, "PERFMON_CREATE");
_Static_assert(VCK_IOC(VCK_IOC_READWRITE, 0x49, sizeof(struct vck_v3d_perfmon_destroy)) == VCK_V3D_IOCTL_PERFMON_DESTROY, "PERFMON_DESTROY");
_Static_assert(VCK_IOC(VCK_IOC_READWRITE, 0x4A, sizeof(struct vck_v3d_perfmon_get_values)) == VCK_V3D_IOCTL_PERFMON_GET_VALUES, "PERFMON_GET_VALUES");

/* GET_PARAM parameters. */
enum {
  VCK_V3D_PARAM_HUB_IDENT1 = 1,
  VCK_V3D_PARAM_HUB_IDENT2 = 2,
  VCK_V3D_PARAM_HUB_IDENT3 = 3,
  VCK_V3D_PARAM_CORE0_IDENT0 = 4,
  VCK_V3D_PARAM_CORE0_IDENT1 = 5,
  VCK_V3D_PARAM_CORE0_IDENT2 = 6,
  VCK_V3D_PARAM_SUPPORTS_CSD = 8,
  VCK_V3D_PARAM_SUPPORTS_PERFMON = 10,
  VCK_V3D_PARAM_MAX_PERF_COUNTERS = 13,
};

/* libdrm's ioctl wrapper (retries on EINTR/EAGAIN). */
static inline int vck_drm_ioctl(int fd, unsigned long request, void *arg) {
  return drmIoctl(fd, request, arg);
}

#endif
