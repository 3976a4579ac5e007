"""The job the kill test launches: saves a large float64 array to one path over and over (save k holds the
value k everywhere), recording each rank's pid and, on rank 0, each completed save, until it is killed.

Usage (under mpirun): saver_job.py <directory> <elements> <saves> [npy|h5]   (h5: the dataset "x")
"""

import os
import sys

import gingham as gg

directory, elements, saves = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
extension = sys.argv[4] if len(sys.argv) > 4 else "npy"
options = {"dataset": "x"} if extension == "h5" else {}
rank = gg.default_grid().coords[0]
with open(os.path.join(directory, f"pid-{rank}"), "w") as f:
    f.write(str(os.getpid()))
path = os.path.join(directory, f"checkpoint.{extension}")
x = gg.empty(elements)
for k in range(saves):
    x = gg.full(elements, float(k))
    gg.save(path, x, **options)
    if rank == 0:
        with open(os.path.join(directory, "completed"), "a") as f:
            f.write(f"{k}\n")
