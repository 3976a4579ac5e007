/* The raw MPI-IO baseline of bench_io_npy.py: a 2-D float64 array (rows x cols, row-major in the file after
 * a header of `offset` bytes) over a 2-D process grid (MPI_Dims_create), block or block-cyclic(nb) per
 * axis, written and read with one collective call each through an MPI_Type_create_darray file view, the
 * way a hand-written MPI-IO code does it. Each write replaces the previous file (delete, then a new file,
 * both timed: what gingham's atomic save does by its rename); each read goes into the same buffer (gingham's
 * load allocates its array, from its memory pool). Prints the best write and read times of `reps`.
 * Usage: raw_mpiio_npy <rows> <cols> <nb: 0 = block> <path> <offset> <reps> */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  if (argc != 7) {
    fprintf(stderr, "usage: %s rows cols nb path offset reps\n", argv[0]);
    MPI_Abort(MPI_COMM_WORLD, 2);
  }
  const int gsizes[2] = {atoi(argv[1]), atoi(argv[2])};
  const int nb = atoi(argv[3]), reps = atoi(argv[6]);
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
  double* local = malloc((size_t)count * sizeof(double) + 1);
  for (long i = 0; i < count; ++i) local[i] = (double)(rank * count + i);
  double best_write = 1e30, best_read = 1e30;
  for (int r = 0; r < reps; ++r) {
    MPI_File fh;
    MPI_Barrier(MPI_COMM_WORLD);
    double t = MPI_Wtime();
    /* Replace the previous file, as a gingham save does (its rename frees the old file's blocks: ~0.15 s for
     * 256 MiB on ext4 here): delete it, then write a new one. */
    if (rank == 0) MPI_File_delete(path, MPI_INFO_NULL);
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_WRONLY, MPI_INFO_NULL, &fh);
    MPI_File_set_view(fh, offset, MPI_DOUBLE, filetype, "native", MPI_INFO_NULL);
    MPI_File_write_at_all(fh, 0, local, (int)count, MPI_DOUBLE, MPI_STATUS_IGNORE);
    MPI_File_sync(fh);
    MPI_File_close(&fh);
    MPI_Barrier(MPI_COMM_WORLD);
    t = MPI_Wtime() - t;
    if (t < best_write) best_write = t;
    MPI_Barrier(MPI_COMM_WORLD);
    t = MPI_Wtime();
    MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh);
    MPI_File_set_view(fh, offset, MPI_DOUBLE, filetype, "native", MPI_INFO_NULL);
    MPI_File_read_at_all(fh, 0, local, (int)count, MPI_DOUBLE, MPI_STATUS_IGNORE);
    MPI_File_close(&fh);
    MPI_Barrier(MPI_COMM_WORLD);
    t = MPI_Wtime() - t;
    if (t < best_read) best_read = t;
  }
  if (rank == 0) printf("raw write %.6f read %.6f\n", best_write, best_read);
  MPI_Type_free(&filetype);
  free(local);
  MPI_Finalize();
  return 0;
}
