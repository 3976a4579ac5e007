# cmake -DGINGHAM_BUILD_DIR=... -DCONSUMER_SOURCE_DIR=... -DWORK_DIR=... -DLAUNCH=... -P run_consumer_test.cmake
# Installs the gingham build into WORK_DIR/prefix, builds the consumer against it with
# find_package(gingham), and runs it on 3 MPI ranks.
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
string(REGEX MATCHALL "sum = 45" sums "${LAST_OUTPUT}")
list(LENGTH sums count)
if(NOT count EQUAL 3)
  message(FATAL_ERROR "consumer test: expected 3 ranks to print 'sum = 45', got ${count}")
endif()
message("consumer test: find_package(gingham) from the installed tree works on 3 ranks")
