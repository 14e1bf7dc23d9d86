using ActorTune.Model.Data;
using ActorTune.Model.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace ActorTune.Examples.MlNet;

/// <summary>
/// ML.NET's LightGBM multiclass trainer (gradient-boosted trees, softmax over the classes) on the sweep's data, as an
/// ActorTune trainable. Hyperparameters: <c>learning-rate</c> (0.1), <c>leaves</c> (31), <c>min-examples-per-leaf</c>
/// (20), <c>l2</c> (0.01) and <c>rounds-per-epoch</c> (10).
/// </summary>
/// <remarks>
/// One epoch is a block of boosting rounds: epoch e reports the model of e·rounds-per-epoch rounds, so a scheduler
/// (ASHA) sees the validation curve grow and stops a configuration after a few blocks. ML.NET cannot continue boosting
/// a trained LightGBM model, so epoch e trains a new model of e·rounds-per-epoch rounds from scratch — LightGBM with one
/// thread and the trial's seed is deterministic, so that is the model continued training would have reached, at a cost
/// that grows with e (a whole trial of E epochs trains E(E+1)/2 blocks). The checkpoint is that epoch's model as ML.NET
/// saves it (a zip that <c>MLContext.Model.Load</c> reads, which <c>actortune export NAME --best-model</c> writes out);
/// nothing needs restoring from it, since the next epoch retrains anyway.
/// </remarks>
public sealed class GradientBoostedTrees : ITrainable
{
    private readonly MLContext _ml;
    private readonly PreparedData _data;
    private readonly IDataView _train;
    private readonly IDataView _valid;
    private readonly LightGbmMulticlassTrainer.Options _options;
    private readonly int _roundsPerEpoch;
    private ITransformer? _model;

    public GradientBoostedTrees(TrialContext context)
    {
        _data = context.Data ?? throw new InvalidOperationException("GradientBoostedTrees needs a data set: give the sweep a data { path = … } block");
        _ml = new MLContext(seed: context.Seed);
        var config = context.Config;
        _roundsPerEpoch = Math.Max(1, config.Integer("rounds-per-epoch", 10));
        _options = new LightGbmMulticlassTrainer.Options
        {
            LearningRate = config.Number("learning-rate", 0.1),
            NumberOfLeaves = config.Integer("leaves", 31),
            MinimumExampleCountPerLeaf = config.Integer("min-examples-per-leaf", 20),
            Booster = new GradientBooster.Options { L2Regularization = config.Number("l2", 0.01) },
            UseSoftmax = true,
            // One trial, one thread (ActorTune runs `concurrency` trials side by side); with the seed, repeatable.
            NumberOfThreads = 1,
            Seed = context.Seed,
            Silent = true,
        };
        _train = View(_data.TrainX, _data.TrainY);
        _valid = View(_data.ValidX, _data.ValidY);
    }

    public IReadOnlyDictionary<string, double> RunEpoch(int epoch)
    {
        _options.NumberOfIterations = epoch * _roundsPerEpoch;
        // Labels become keys in the order of their values, so score slot c is class c (every class occurs in the training rows).
        _model = _ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(_ml.MulticlassClassification.Trainers.LightGbm(_options)).Fit(_train);
        var (trainLoss, _) = Evaluate(_train, _data.TrainY);
        var (validLoss, validAccuracy) = Evaluate(_valid, _data.ValidY);
        return new Dictionary<string, double>
        {
            [MetricNames.TrainLoss] = trainLoss,
            [MetricNames.ValidationLoss] = validLoss,
            [MetricNames.ValidationAccuracy] = validAccuracy,
        };
    }

    /// <summary>Mean cross-entropy (probabilities clipped at 1e-15, as ML.NET's log-loss) and accuracy, by the first arg-max.</summary>
    private (double Loss, double Accuracy) Evaluate(IDataView rows, int[] labels)
    {
        var scores = _ml.Data.CreateEnumerable<Scored>(_model!.Transform(rows), reuseRowObject: false).Select(s => s.Score).ToList();
        double loss = 0;
        var correct = 0;
        for (var r = 0; r < labels.Length; r++)
        {
            var p = scores[r];
            loss -= Math.Log(Math.Max(p[labels[r]], 1e-15));
            var best = 0;
            for (var c = 1; c < p.Length; c++)
            {
                best = p[c] > p[best] ? c : best;
            }
            correct += best == labels[r] ? 1 : 0;
        }
        return (loss / labels.Length, (double)correct / labels.Length);
    }

    /// <summary>
    /// Rows as an IDataView: the features as one vector of the data's width, the label as its class index.
    /// </summary>
    private IDataView View(float[] x, int[] y)
    {
        var d = _data.Features;
        var rows = Enumerable.Range(0, y.Length).Select(r => new Row { Features = x[(r * d)..((r + 1) * d)], Label = y[r] }).ToList();
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, d);
        return _ml.Data.LoadFromEnumerable(rows, schema);
    }

    public byte[] SaveCheckpoint()
    {
        if (_model is null)
        {
            return [];
        }
        using var zip = new MemoryStream();
        _ml.Model.Save(_model, _train.Schema, zip);
        return zip.ToArray();
    }

    /// <summary>Nothing to restore: epoch e retrains its e·rounds-per-epoch rounds from scratch, deterministically.</summary>
    public void LoadCheckpoint(byte[] state)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    private sealed class Scored
    {
        public float[] Score { get; set; } = [];
    }
}
