import numpy as np
from numpy.typing import NDArray

def min_cost_flow(
    n_nodes: int,
    sink: int,
    tail: NDArray[np.int64],
    head: NDArray[np.int64],
    capacity: NDArray[np.int64],
    primary: NDArray[np.int64],
    secondary: NDArray[np.float64],
    sources: NDArray[np.int64],
    supply: NDArray[np.int64],
) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.int64]]: ...
