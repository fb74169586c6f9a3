/* version.c: the library's version, from project(... VERSION) in
 * CMakeLists.txt (the one place it is written), passed in as a define. */
#include "drawdown/common.h"

#ifndef DD_PROJECT_VERSION
#error "DD_PROJECT_VERSION is defined by CMakeLists.txt (project VERSION)"
#endif

const char *dd_version(void) { return DD_PROJECT_VERSION; }
