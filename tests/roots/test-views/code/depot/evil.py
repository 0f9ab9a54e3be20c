"""</script><script>window.__archdocs_pwned = 1</script><img src=x onerror="window.__archdocs_pwned=2"> & <b>not bold</b> \u2028 {{x}}"""

from depot import core
import depot.models
