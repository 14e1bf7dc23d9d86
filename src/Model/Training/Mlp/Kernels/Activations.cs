using System.Runtime.CompilerServices;

namespace ActorTune.Model.Training.Mlp.Kernels;

/// <summary>The activations and their derivatives on whole vectors, for the products' epilogues.</summary>
internal static class Activations<TV> where TV : struct, ISimd<TV>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply(TV z, Activation activation) => activation switch
    {
        Activation.Relu => TV.Max(z, TV.Zero),
        // tanh z = 2 / (1 + e^(-2z)) - 1: saturates to ±1 without NaN when e^(-2z) overflows.
        Activation.Tanh => TV.Subtract(TV.Divide(TV.Broadcast(2f), TV.Add(TV.Broadcast(1f), Exponential<TV>.Exp(TV.Multiply(TV.Broadcast(-2f), z)))),
            TV.Broadcast(1f)),
        _ => z,
    };

    /// <summary>gradient ⊙ f′, with f′ taken from the activation's output (ReLU: output &gt; 0; tanh: 1 − output²).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV TimesDerivative(TV gradient, TV output, Activation activation) => activation switch
    {
        Activation.Relu => TV.WherePositive(output, gradient),
        Activation.Tanh => TV.Multiply(gradient, TV.Subtract(TV.Broadcast(1f), TV.Multiply(output, output))),
        _ => gradient,
    };
}
