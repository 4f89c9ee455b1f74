"""BASELINES.md's two scikit-learn references refitted on the folds bench/quality.ts drew, for the
sets that have no published figure (`npm run bench:quality -- --extra`).

    python3 bench/quality/sklearn-folds.py FILE NUMBERS_JSON FOLDS

FILE is a CSV with `__y` (0/1), `__fold` (0-4) and the features as bench/quality.ts typed them;
NUMBERS_JSON lists the numeric feature columns (dates arrive as day numbers), every other
feature is categorical. The settings are BASELINES.md's:
- logreg: numbers median-imputed and standardised, categoricals one-hot (an unseen level all
  zeros, a blank one its own level), LogisticRegression(max_iter=2000) (lbfgs, L2, C=1). On
  these sets it replaces bench/quality/one-hot-logistic.ts, whose dense Newton steps took over
  a minute of CPU without finishing one fold on Crunchbase's thousands of one-hot columns (same
  model, same C).
- HistGB: numbers passed through (blank = NaN), categoricals ordinal-encoded on the training
  fold and declared `categorical_features`, an unseen or blank level missing,
  HistGradientBoostingClassifier(random_state=0) at its defaults. One addition, because
  scikit-learn 1.2 refuses a categorical feature with more levels than its 255 bins: beyond the
  254 most frequent training levels the rest share one code ("other").
Prints one JSON line: per model the held-out AUC of folds 0 .. FOLDS-1 and the fits' CPU seconds.
"""

import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

# scikit-learn 1.2: a categorical feature has at most max_bins (255) levels; NaN is its own bin.
MAX_LEVELS = 254


def encode(train: pd.Series, test: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes by training frequency (ties by value): rare levels share the last code, unseen NaN."""
    counts = train.dropna().value_counts()
    order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    codes = {level: min(i, MAX_LEVELS - 1) for i, (level, _) in enumerate(order)}
    as_codes = lambda s: s.map(codes).astype(np.float64).to_numpy()
    return as_codes(train), as_codes(test)


def histgb(frame, features, numbers, y, train, test) -> float:
    x_train, x_test, categorical = [], [], []
    for c in features:
        if c in numbers:
            values = pd.to_numeric(frame[c], errors="coerce").to_numpy(np.float64)
            x_train.append(values[train])
            x_test.append(values[test])
            categorical.append(False)
        else:
            a, b = encode(frame[c][train], frame[c][test])
            x_train.append(a)
            x_test.append(b)
            categorical.append(True)
    model = HistGradientBoostingClassifier(random_state=0, categorical_features=np.array(categorical))
    model.fit(np.column_stack(x_train), y[train])
    return roc_auc_score(y[test], model.predict_proba(np.column_stack(x_test))[:, 1])


def logreg(frame, features, numbers, y, train, test) -> float:
    nums = [c for c in features if c in numbers]
    cats = [c for c in features if c not in numbers]
    x = frame[features].copy()
    for c in nums:
        x[c] = pd.to_numeric(x[c], errors="coerce")
    for c in cats:
        x[c] = x[c].fillna("(blank)")
    prepare = ColumnTransformer(
        [
            ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), nums),
            ("cat", OneHotEncoder(handle_unknown="ignore"), cats),
        ]
    )
    model = make_pipeline(prepare, LogisticRegression(max_iter=2000))
    model.fit(x[train], y[train])
    return roc_auc_score(y[test], model.predict_proba(x[test])[:, 1])


def main() -> None:
    path, numbers, folds = sys.argv[1], set(json.loads(sys.argv[2])), int(sys.argv[3])
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    y = frame["__y"].astype(int).to_numpy()
    fold = frame["__fold"].astype(int).to_numpy()
    features = [c for c in frame.columns if c not in ("__y", "__fold")]
    out = {}
    for name, fit in (("logreg", logreg), ("histgb", histgb)):
        cpu0 = time.process_time()
        aucs = [fit(frame, features, numbers, y, fold != k, fold == k) for k in range(folds)]
        out[name] = {"auc": aucs, "cpu": round(time.process_time() - cpu0, 2)}
    print(json.dumps(out))


main()
