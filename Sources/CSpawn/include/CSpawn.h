#ifndef CSPAWN_H
#define CSPAWN_H
#include <spawn.h>

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+): the child closes every descriptor from `from` up.
int cspawn_addclosefrom(posix_spawn_file_actions_t *actions, int from);
/// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+): the child starts in `directory`.
int cspawn_addchdir(posix_spawn_file_actions_t *actions, const char *directory);

#endif
