namespace ActorTune.Model.Training.Mlp.Kernels;

/// <summary>What a product does to each result vector before storing it, so no second pass over C is needed.</summary>
internal enum EpilogueKind
{
    /// <summary>C = X·Y (the weight gradient).</summary>
    Store,

    /// <summary>C = f(X·Y + bias) (the forward pass: bias and activation fused).</summary>
    BiasActivation,

    /// <summary>C = X·Y ⊙ f′(A), f′ read off the layer's output A, same shape as C (the input gradient).</summary>
    TimesDerivative,
}

/// <summary>The epilogue's operands while a product runs: pointers into spans the product has pinned.</summary>
internal readonly unsafe struct Epilogue(EpilogueKind kind, Activation activation, float* bias, nint outputOffset)
{
    public EpilogueKind Kind { get; } = kind;

    public Activation Activation { get; } = activation;

    /// <summary>The bias of column 0, for <see cref="EpilogueKind.BiasActivation"/>.</summary>
    public float* Bias { get; } = bias;

    /// <summary>
    /// For <see cref="EpilogueKind.TimesDerivative"/>: the activation output matching C[i, j] sits at
    /// &amp;C[i, j] + OutputOffset (both are row-major with the same width), so a tile needs no extra index.
    /// </summary>
    public nint OutputOffset { get; } = outputOffset;
}
