"""The baseline issue 15 names for `icp discover --data`: a one-hot logistic regression fitted by
scikit-learn on the same file, timed from reading the CSV to the fitted model.

    python3 bench/sklearn-logistic.py FILE TARGET POSITIVE

Text columns are one-hot encoded (every level, as pandas.get_dummies does; stored sparse from
2,000 levels on, so a column of names does not need a dense matrix of rows x levels), number
columns are standardised, and LogisticRegression (lbfgs, L2, C=1) is fitted on every row. Prints one JSON line:
the rows, the number of model columns, and wall and CPU seconds for reading, encoding and fitting.
Called by bench/discover-stages.ts when a Python with scikit-learn is found (Debian:
apt-get install python3-sklearn); not part of `npm test`.
"""

import json
import sys
import time

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.linear_model import LogisticRegression

# From this many one-hot levels on, the design is a sparse matrix (same columns, same fit).
SPARSE_FROM = 2000


def main() -> None:
    path, target, positive = sys.argv[1], sys.argv[2], sys.argv[3]
    marks = {}
    wall0, cpu0 = time.perf_counter(), time.process_time()

    def mark(name: str) -> None:
        marks[name] = {
            "wall": round(time.perf_counter() - wall0, 2),
            "cpu": round(time.process_time() - cpu0, 2),
        }

    frame = pd.read_csv(path, skipinitialspace=True)
    mark("read")
    y = (frame[target].astype(str).str.strip().str.lower() == positive.strip().lower()).astype(int)
    x = frame.drop(columns=[target])
    numbers = x.select_dtypes(include="number")
    numbers = (numbers - numbers.mean()) / numbers.std(ddof=0).replace(0, 1)
    texts = x.select_dtypes(exclude="number").fillna("(missing)")
    levels = int(texts.nunique().sum())
    if levels <= SPARSE_FROM:
        dummies = pd.get_dummies(texts, dtype=np.float64).to_numpy(np.float64)
        design = np.hstack([numbers.fillna(0).to_numpy(np.float64), dummies])
    else:
        # A column of names or ids has a level per row: dense, 200,000 rows of Crunchbase would
        # need 26 GiB. The same one-hot columns, stored sparse (lbfgs accepts either).
        dummies = pd.get_dummies(texts, dtype=np.float64, sparse=True).sparse.to_coo()
        design = sparse.hstack([sparse.csr_matrix(numbers.fillna(0).to_numpy(np.float64)), dummies]).tocsr()
    mark("encode")
    LogisticRegression(max_iter=1000).fit(design, y.to_numpy())
    mark("fit")
    print(json.dumps({"rows": len(frame), "columns": design.shape[1], "marks": marks}))


main()
