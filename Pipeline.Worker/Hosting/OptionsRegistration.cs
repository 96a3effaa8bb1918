using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace VideoGen.Worker.Hosting;

internal static class OptionsRegistration
{
    /// <summary>Binds a section to its options class, checked by its data annotations (and any validator) when the host starts.</summary>
    public static IServiceCollection AddValidatedOptions<TOptions>(this IServiceCollection services, string section)
        where TOptions : class
    {
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>
    /// As <see cref="AddValidatedOptions{TOptions}"/> from several sections, in order: a setting given in a later one wins.
    /// </summary>
    public static IServiceCollection AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, params string[] sections)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptionsValidator<TOptions, TValidator>().AddOptions<TOptions>()
            .Configure<Microsoft.Extensions.Configuration.IConfiguration>((options, configuration) =>
            {
                foreach (var section in sections)
                {
                    Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(section), options);
                }
            })
            .ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>As <see cref="AddValidatedOptions{TOptions}"/>, with a validator of its own for what annotations cannot say.</summary>
    public static IServiceCollection AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions> =>
        services.AddOptionsValidator<TOptions, TValidator>().AddValidatedOptions<TOptions>(section);

    /// <summary>One more check of options bound elsewhere, such as one only a certain provider needs.</summary>
    public static IServiceCollection AddOptionsValidator<TOptions, TValidator>(this IServiceCollection services)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services;
    }
}
