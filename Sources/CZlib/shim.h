// zlib from Debian's zlib1g-dev: gzip streams for .nii.gz (and PNG later).
#include <zlib.h>
