# table/output-file: `archdoc table -o FILE` writes exactly what stdout
# would get, and leaves an unchanged file untouched (same mtime).
set(out ${OUT_DIR}/output-file.json)
file(REMOVE ${out})
foreach(run 1 2)
  execute_process(COMMAND ${ARCHDOC} table -f json -o ${out} ../model/genesys-pulse.xml
    WORKING_DIRECTORY ${TESTS_DIR} RESULT_VARIABLE rc OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
  if(NOT rc EQUAL 0 OR NOT stdout STREQUAL "" OR NOT stderr STREQUAL "")
    message(FATAL_ERROR "run ${run}: exit ${rc}, stdout '${stdout}', stderr '${stderr}'")
  endif()
  file(TIMESTAMP ${out} stamp${run} "%s")
  if(run EQUAL 1)
    # make a rewrite visible in the mtime
    execute_process(COMMAND ${CMAKE_COMMAND} -E sleep 1.1)
  endif()
endforeach()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${out} ${TESTS_DIR}/table/genesys-pulse.json
  RESULT_VARIABLE differ)
if(differ)
  message(FATAL_ERROR "${out} differs from table/genesys-pulse.json")
endif()
if(NOT stamp1 STREQUAL stamp2)
  message(FATAL_ERROR "an unchanged output was rewritten (mtime ${stamp1} -> ${stamp2})")
endif()
file(REMOVE ${out})
