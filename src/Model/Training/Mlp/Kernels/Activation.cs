namespace ActorTune.Model.Training.Mlp.Kernels;

/// <summary>What the product's epilogue applies to each output before it is stored.</summary>
public enum Activation
{
    None,
    Relu,
    Tanh,
}
