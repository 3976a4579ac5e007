# cmake -DGINGHAM_BUILD_DIR=... -DCONSUMER_SOURCE_DIR=... -DWORK_DIR=... -DLAUNCH=... -P run_consumer_test.cmake
# Installs the gingham build into WORK_DIR/prefix, builds the consumer against it with
# find_package(gingham), and runs it on 3 MPI ranks; then builds the same main.cpp with
# `c++ $(pkg-config --cflags --libs gingham)` and with a plain `mpicxx -std=c++20 main.cpp -lgingham`, and runs
# each on 2 ranks.
function(expect_sums ranks what)
  string(REGEX MATCHALL "sum = 45" sums "${LAST_OUTPUT}")
  list(LENGTH sums count)
  if(NOT count EQUAL ranks)
    message(FATAL_ERROR "consumer test (${what}): expected ${ranks} ranks to print 'sum = 45', got ${count}")
  endif()
endfunction()

function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  message("${out}${err}")
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "consumer test: `${ARGV}` failed with status ${status}")
  endif()
  set(LAST_OUTPUT "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
run(${CMAKE_COMMAND} --install "${GINGHAM_BUILD_DIR}" --prefix "${WORK_DIR}/prefix")
run(${CMAKE_COMMAND} -S "${CONSUMER_SOURCE_DIR}" -B "${WORK_DIR}/build"
    -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
run("${LAUNCH}" 3 120 "${WORK_DIR}/build/consumer")
expect_sums(3 "find_package")
message("consumer test: find_package(gingham) from the installed tree works on 3 ranks")

# pkg-config: the installed gingham.pc gives the C++20 flag, the include and MPI flags, and an rpath.
set(ENV{PKG_CONFIG_PATH} "${WORK_DIR}/prefix/lib/pkgconfig")
run(pkg-config --modversion gingham)
file(STRINGS "${CONSUMER_SOURCE_DIR}/../../VERSION" version LIMIT_COUNT 1)
if(NOT LAST_OUTPUT STREQUAL "${version}\n")
  message(FATAL_ERROR "consumer test: pkg-config --modversion gingham gave '${LAST_OUTPUT}', expected ${version}")
endif()
run(pkg-config --cflags --libs gingham)
separate_arguments(pc_flags UNIX_COMMAND "${LAST_OUTPUT}")
run(c++ "${CONSUMER_SOURCE_DIR}/main.cpp" ${pc_flags} -o "${WORK_DIR}/consumer_pkgconfig")
run("${LAUNCH}" 2 120 "${WORK_DIR}/consumer_pkgconfig")
expect_sums(2 "pkg-config")
message("consumer test: c++ $(pkg-config --cflags --libs gingham) works on 2 ranks")

# A plain `mpicxx -std=c++20 main.cpp -lgingham`: no -I, -L or rpath. The prefix stands in for /usr/local
# (which a test must not overwrite) through the compiler's and loader's environment equivalents of their
# default search folders: CPATH, LIBRARY_PATH and LD_LIBRARY_PATH (in /usr/local, ldconfig at install does it).
set(ENV{CPATH} "${WORK_DIR}/prefix/include")
set(ENV{LIBRARY_PATH} "${WORK_DIR}/prefix/lib")
run(mpicxx -std=c++20 "${CONSUMER_SOURCE_DIR}/main.cpp" -lgingham -o "${WORK_DIR}/consumer_plain")
set(ENV{LD_LIBRARY_PATH} "${WORK_DIR}/prefix/lib")
run("${LAUNCH}" 2 120 "${WORK_DIR}/consumer_plain")
expect_sums(2 "plain -lgingham")
message("consumer test: plain mpicxx -std=c++20 main.cpp -lgingham works on 2 ranks")
