public = false
