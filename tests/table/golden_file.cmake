# Runs `archdoc ARGS... -o FILE` in tests/ and compares FILE with GOLDEN byte
# for byte. Used for CSV: execute_process turns CRLF into LF in captured
# output, so comparing stdout could not see CSV's line ends.
# ARCHDOC_UPDATE_GOLDEN=1 in the environment rewrites GOLDEN.
string(ASCII 31 sep)
string(REPLACE "${sep}" ";" args "${ARGS}")
string(REPLACE "/" "_" tmp "${NAME}")
set(tmp ${OUT_DIR}/${tmp}.out)
file(REMOVE ${tmp})
set(ENV{NO_COLOR} 1)
set(ENV{LC_ALL} C)
execute_process(COMMAND ${ARCHDOC} ${args} -o ${tmp}
  WORKING_DIRECTORY ${TESTS_DIR} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out STREQUAL "")
  message(FATAL_ERROR "archdoc ${args} -o ${tmp}: exit ${rc}\nstdout: ${out}\nstderr: ${err}")
endif()
if("$ENV{ARCHDOC_UPDATE_GOLDEN}")
  configure_file(${tmp} ${TESTS_DIR}/${GOLDEN} COPYONLY)
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${tmp} ${TESTS_DIR}/${GOLDEN} RESULT_VARIABLE differ)
if(differ)
  message(FATAL_ERROR "archdoc ${args}: output differs from ${GOLDEN} (kept in ${tmp})")
endif()
file(REMOVE ${tmp})
