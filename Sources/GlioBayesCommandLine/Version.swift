/// The version `gliobayes --version` prints (semantic versioning; bump on release).
public enum GlioBayesVersion {
    public static let string = "0.1.0"
}
