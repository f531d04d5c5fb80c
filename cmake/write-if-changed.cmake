# vq_write_if_changed(PATH TEXT): writes TEXT to PATH only when PATH does not already hold it, so
# that a generated file keeps its time stamp and what depends on it does not rebuild. Included
# by the build-time scripts (commit.cmake, templates.cmake).
function(vq_write_if_changed path text)
  set(old "")
  if(EXISTS "${path}")
    file(READ "${path}" old)
  endif()
  if(NOT old STREQUAL text)
    file(WRITE "${path}" "${text}")
  endif()
endfunction()
