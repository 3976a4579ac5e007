/* The raw MPI-IO baseline of bench_io.py: a 2-D float64 array (rows x cols, row-major in the file after a
 * header of `offset` bytes) over a 2-D process grid (MPI_Dims_create), block or block-cyclic(nb) per axis,
 * written and read with one collective call each through an MPI_Type_create_darray file view, the way a
 * hand-written MPI-IO code does it. One round, in the steps of bench_io.py's gingham job: fill a new buffer,
 * sync (not timed), write it with MPI_File_sync, free it; when `drop` is 1, rank 0 empties the page cache
 * (sync; echo 3 > /proc/sys/vm/drop_caches: root only; not timed); then read into a newly allocated buffer
 * (as gingham's load allocates its array). Buffers are allocated as gingham and NumPy allocate large arrays: 2 MiB aligned,
 * advised to use huge pages. Each write replaces the previous file when there is one (delete, then a new
 * file, both timed: what gingham's atomic save does by its rename). Prints the best write and read times of
 * `reps` rounds, as bench_io.py reads them.
 * Usage: raw_mpiio_npy <rows> <cols> <nb: 0 = block> <path> <offset> <reps> <drop: 0 or 1> */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* `bytes` (rounded up to whole 2 MiB pages), 2 MiB aligned, advised to use transparent huge pages. */
static double* huge_buffer(size_t bytes) {
  const size_t huge = (size_t)2 << 20, size = (bytes + huge - 1) / huge * huge;
  void* data = NULL;
  if (posix_memalign(&data, huge, size ? size : huge) != 0) {
    fprintf(stderr, "raw_mpiio_npy: cannot allocate %zu bytes\n", size);
    MPI_Abort(MPI_COMM_WORLD, 5);
  }
  madvise(data, size, MADV_HUGEPAGE); /* advice only */
  return data;
}

/* Rank 0 writes dirty pages back and drops the clean page cache, so that the read comes from the disk. */
static void drop_page_cache(int rank) {
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank == 0) {
    sync();
    FILE* control = fopen("/proc/sys/vm/drop_caches", "w");
    if (control == NULL || fputs("3", control) < 0 || fclose(control) != 0) {
      fprintf(stderr, "raw_mpiio_npy: cannot write /proc/sys/vm/drop_caches (root only)\n");
      MPI_Abort(MPI_COMM_WORLD, 3);
    }
  }
  MPI_Barrier(MPI_COMM_WORLD);
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  if (argc != 8) {
    fprintf(stderr, "usage: %s rows cols nb path offset reps drop\n", argv[0]);
    MPI_Abort(MPI_COMM_WORLD, 2);
  }
  const int gsizes[2] = {atoi(argv[1]), atoi(argv[2])};
  const int nb = atoi(argv[3]), reps = atoi(argv[6]), drop = atoi(argv[7]);
  const char* path = argv[4];
  const MPI_Offset offset = atoll(argv[5]);
  int rank, size, psizes[2] = {0, 0};
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  MPI_Dims_create(size, 2, psizes);
  const int distribs[2] = {nb ? MPI_DISTRIBUTE_CYCLIC : MPI_DISTRIBUTE_BLOCK, nb ? MPI_DISTRIBUTE_CYCLIC : MPI_DISTRIBUTE_BLOCK};
  const int dargs[2] = {nb ? nb : MPI_DISTRIBUTE_DFLT_DARG, nb ? nb : MPI_DISTRIBUTE_DFLT_DARG};
  MPI_Datatype filetype;
  MPI_Type_create_darray(size, rank, 2, gsizes, distribs, dargs, psizes, MPI_ORDER_C, MPI_DOUBLE, &filetype);
  MPI_Type_commit(&filetype);
  int type_size;
  MPI_Type_size(filetype, &type_size);
  const long count = type_size / (long)sizeof(double);
  double best_write = 1e30, best_read = 1e30;
  for (int r = 0; r < reps; ++r) {
    MPI_File fh;
    double* local = huge_buffer((size_t)count * sizeof(double));
    for (long i = 0; i < count; ++i) local[i] = (double)(rank * count + i);
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0) sync(); /* other jobs' dirty pages go first, not timed (as in bench_io.py's other jobs) */
    MPI_Barrier(MPI_COMM_WORLD);
    double t = MPI_Wtime();
    if (rank == 0) MPI_File_delete(path, MPI_INFO_NULL); /* replace the previous round's file, if any */
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_WRONLY, MPI_INFO_NULL, &fh);
    MPI_File_set_view(fh, offset, MPI_DOUBLE, filetype, "native", MPI_INFO_NULL);
    MPI_File_write_at_all(fh, 0, local, (int)count, MPI_DOUBLE, MPI_STATUS_IGNORE);
    MPI_File_sync(fh);
    MPI_File_close(&fh);
    MPI_Barrier(MPI_COMM_WORLD);
    t = MPI_Wtime() - t;
    if (t < best_write) best_write = t;
    free(local); /* as bench_io.py's gingham job frees its array before it loads */
    if (drop) drop_page_cache(rank);
    MPI_Barrier(MPI_COMM_WORLD);
    t = MPI_Wtime();
    double* loaded = huge_buffer((size_t)count * sizeof(double));
    MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh);
    MPI_File_set_view(fh, offset, MPI_DOUBLE, filetype, "native", MPI_INFO_NULL);
    MPI_File_read_at_all(fh, 0, loaded, (int)count, MPI_DOUBLE, MPI_STATUS_IGNORE);
    MPI_File_close(&fh);
    MPI_Barrier(MPI_COMM_WORLD);
    t = MPI_Wtime() - t;
    if (t < best_read) best_read = t;
    if (count > 0 && loaded[count - 1] != (double)(rank * count + count - 1)) {
      fprintf(stderr, "raw_mpiio_npy: rank %d read back %g, wrote %g\n", rank, loaded[count - 1], (double)(rank * count + count - 1));
      MPI_Abort(MPI_COMM_WORLD, 4);
    }
    free(loaded);
  }
  if (rank == 0) printf("RESULT {\"save\": [%.6f], \"load\": [%.6f]}\n", best_write, best_read);
  MPI_Type_free(&filetype);
  MPI_Finalize();
  return 0;
}
