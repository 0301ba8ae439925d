public enum TumorModelModule {}
